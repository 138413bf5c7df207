import { isMainThread, workerData } from "node:worker_threads";
import type { ProviderDefinition } from "../plugin/framework/definition";
import { WARM_LAUNCH_WORKER } from "../plugin/warm/launch-messages";
import { idleMsFrom, serverLog, WarmServer } from "../plugin/warm/server";
import { serverFilesFor, startWarmServer, WARM_SERVER_ARGUMENT } from "../plugin/warm/start-server";
import type { ServedProviderIdentity } from "./serve-provider";

/** A plugin executable: what it serves, loaded only where a launch is served. */
export interface PluginExecutable<Clients> {
  readonly identity: ServedProviderIdentity;
  readonly provider: () => Promise<ProviderDefinition<Clients>>;
}

/**
 * The body of a plugin executable, which runs in one of three roles:
 * - started by the engine (through its launcher, with no warm server to hand the launch to):
 *   serves the launch in this process, then starts a warm server for the next launches;
 * - started with {@link WARM_SERVER_ARGUMENT}: that warm server, whose main thread loads neither
 *   the provider nor the plugin protocol (hence the dynamic imports: 2 MiB less, for the
 *   server's whole life);
 * - a warm server's worker thread: loads the provider, then serves the one launch it is handed.
 */
export function runPluginExecutable<Clients>(executable: PluginExecutable<Clients>): void {
  if (!isMainThread && workerData === WARM_LAUNCH_WORKER) void serveWarmLaunch(executable);
  else if (process.argv[2] === WARM_SERVER_ARGUMENT) runWarmServer();
  else void serveInProcess(executable);
}

/** What an in-process launch emits once its handshake is out: the launcher's loader then saves V8's code cache. */
const HANDSHAKE_EVENT = "tokenhooks-handshake";

async function serveInProcess<Clients>(executable: PluginExecutable<Clients>): Promise<void> {
  const { serveProvider } = await import("./serve-provider");
  await serveProvider(await executable.provider(), executable.identity);
  const executablePath = process.argv[1];
  try {
    if (executablePath !== undefined) startWarmServer(executablePath, process.env);
  } catch (error) {
    (await import("../plugin/protocol/log")).createLogger({ module: "provider" }).debug("Could not start a warm plugin server", { error: (error as Error).message });
  }
  (process as NodeJS.EventEmitter).emit(HANDSHAKE_EVENT);
}

async function serveWarmLaunch<Clients>(executable: PluginExecutable<Clients>): Promise<void> {
  const [{ awaitLaunch }, { serveProvider }, { trustExtraCaCertificates }] = await Promise.all([
    import("../plugin/warm/worker-launch"),
    import("./serve-provider"),
    import("../http/extra-ca-certificates"),
  ]);
  let provider: ProviderDefinition<Clients> | undefined;
  const host = await awaitLaunch(async () => {
    provider = await executable.provider();
    // Compiled before the launch arrives: its first API call, or its extra CA certificates, need it.
    await import("../http/undici");
    await warmServingPath();
  });
  await trustExtraCaCertificates(host.env);
  await serveProvider(provider!, executable.identity, host);
}

/**
 * Does once, before the launch arrives, what serving would otherwise do first on the launch's
 * time (3-8 ms per launch): net's first listen loads node:cluster, the first call's timing loads
 * perf_hooks, and the first certificate compiles the DER encoder. The certificate is discarded:
 * each launch makes its own.
 */
async function warmServingPath(): Promise<void> {
  await import("node:cluster");
  performance.now();
  (await import("../plugin/protocol/serve")).createPluginCertificate();
}

function runWarmServer(): void {
  const files = serverFilesFor(process.argv[1] ?? "", process.env);
  if (files === undefined || WarmServer.start(files, idleMsFrom(process.env), serverLog(process.env)) === undefined) process.exit(0);
}
