import { parentPort } from "node:worker_threads";
import type { PluginHost } from "../protocol/serve";
import { adoptLaunch, launchHost } from "./launch-host";
import type { LaunchMessage } from "./launch-messages";

/**
 * In a warm server's worker: resolves with the launch to serve once the main thread sends it,
 * after `warmUp` (loading the plugin's code) has run. The thread has then taken on the launch's
 * environment and working directory.
 */
export async function awaitLaunch(warmUp: () => Promise<void>): Promise<PluginHost> {
  const port = parentPort;
  if (port === null) throw new Error("awaitLaunch runs in a worker thread only");
  const launch = new Promise<LaunchMessage>((resolve) => port.once("message", resolve));
  await warmUp();
  const message = await launch;
  adoptLaunch(message);
  return launchHost(message);
}
