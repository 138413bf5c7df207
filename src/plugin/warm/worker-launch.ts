import { parentPort } from "node:worker_threads";
import { usePacerSource } from "../../http/pacer-registry";
import type { PluginHost } from "../protocol/serve";
import { adoptLaunch, launchHost } from "./launch-host";
import { WORKER_READY, type LaunchMessage } from "./launch-messages";
import { remotePacers } from "./pacer-bridge";

/**
 * In a warm server's worker: resolves with the launch to serve once the main thread sends it,
 * after `warmUp` (loading the plugin's code) has run. The thread has then taken on the launch's
 * environment and working directory, and paces its requests with the server's pacers.
 */
export async function awaitLaunch(warmUp: () => Promise<void>): Promise<PluginHost> {
  const port = parentPort;
  if (port === null) throw new Error("awaitLaunch runs in a worker thread only");
  const launch = new Promise<LaunchMessage>((resolve) => port.once("message", resolve));
  await warmUp();
  port.postMessage(WORKER_READY);
  const message = await launch;
  adoptLaunch(message);
  usePacerSource(remotePacers(port));
  return launchHost(message);
}
