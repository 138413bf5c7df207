import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverRunning } from "../src/plugin/warm/server";
import { serverFilesFor, startWarmServer, WARM_SERVER_ARGUMENT } from "../src/plugin/warm/start-server";
import type { ProcessMatch } from "./memory";

/** A warm plugin server the bench started on a private `XDG_RUNTIME_DIR` of its own. */
export interface BenchWarmServer {
  /** What a launch needs to find this server: its `XDG_RUNTIME_DIR`. */
  readonly env: Readonly<Record<string, string>>;
  /** The server's process, for a {@link PeakRssSampler}. */
  readonly process: ProcessMatch;
  /** How many launches the server has served so far (from its log). */
  servedLaunches(): number;
  /** Ends the server (SIGTERM, then waits for it) and removes its directory. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const POLL_MS = 20;

/**
 * Starts a warm server for the plugin executable `executable` as its first launch would, but on a
 * fresh private `XDG_RUNTIME_DIR`, and waits until it serves: no other server (of another run, or
 * of a user) is used or disturbed, and its memory high-water mark covers only what the bench does.
 */
export async function startBenchWarmServer(executable: string): Promise<BenchWarmServer> {
  const runtimeDir = privateRuntimeDir("warm");
  const log = join(runtimeDir, "server.log");
  const env = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, TOKENHOOKS_PLUGIN_SERVER_LOG: log };
  const files = serverFilesFor(executable, env);
  if (files === undefined) throw new Error(`${executable} has no launcher, so no warm server can serve it`);
  startWarmServer(executable, env);
  const stop = async () => {
    const pid = serverPid(files.server);
    if (pid !== undefined && alive(pid)) {
      process.kill(pid, "SIGTERM");
      await waitFor(() => !alive(pid), STOP_TIMEOUT_MS, `the warm server ${pid} to exit`);
    }
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => serverRunning(files), START_TIMEOUT_MS, `a warm server in ${files.dir}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    env: { XDG_RUNTIME_DIR: runtimeDir },
    process: warmServerProcess(files.plugin, files.dir),
    servedLaunches: () => countServedLaunches(readOrEmpty(log)),
    stop,
  };
}

/** A fresh, empty `XDG_RUNTIME_DIR` (mode 0700, its real path): no server of the plugin runs there yet. */
export function privateRuntimeDir(purpose: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), `tokenhooks-bench-${purpose}-`)));
}

/** A warm server's process: `node <build dir>/plugin.js --tokenhooks-warm-server`, running in its build directory. */
export function warmServerProcess(serverPlugin: string, buildDir: string): ProcessMatch {
  return { cmdlineIncludes: `${serverPlugin} ${WARM_SERVER_ARGUMENT}`, cwd: buildDir };
}

/** Launches a server's log (`TOKENHOOKS_PLUGIN_SERVER_LOG`) says it served. */
export function countServedLaunches(log: string): number {
  return log.split("\n").filter((line) => / serving launcher \d+$/.test(line)).length;
}

/** The pid in a server's `server` file, `<pid> <start time> <key>`; only the pid is read. */
function serverPid(serverFile: string): number | undefined {
  const pid = readOrEmpty(serverFile).split(" ")[0];
  return /^\d+$/.test(pid) ? Number(pid) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
