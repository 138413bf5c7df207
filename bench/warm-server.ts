import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRunning } from "../src/plugin/warm/proc";
import { IDLE_SPARES, serverRunning } from "../src/plugin/warm/server";
import { serverFilesFor, startWarmServer, WARM_SERVER_ARGUMENT } from "../src/plugin/warm/start-server";
import type { ProcessMatch } from "./memory";

/** A warm plugin server the bench started on a private `XDG_RUNTIME_DIR` of its own. */
export interface BenchWarmServer {
  /** What a launch needs to find this server: its `XDG_RUNTIME_DIR`. */
  readonly env: Readonly<Record<string, string>>;
  /** The server's process, for a {@link PeakRssSampler}. */
  readonly process: ProcessMatch;
  /** How many launches its servers have served so far (from their log). */
  servedLaunches(): number;
  /** How many launches hung and were ended by killing their server (see {@link hungLaunches}). */
  hungLaunches(): number;
  /** Ends the server (SIGTERM, then waits for it) and removes its directory. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const POLL_MS = 20;
/** A launch whose launcher has been gone this long without the server ending it counts as hung. */
const HUNG_AFTER_MS = 5_000;
const WATCH_INTERVAL_MS = 1_000;

/**
 * Starts a warm server for the plugin executable `executable` as its first launch would, but on a
 * fresh private `XDG_RUNTIME_DIR`, and waits until it serves with its spare workers loaded, as a
 * server started by an earlier command (`init`, or the first `plan`) is when the next one comes:
 * no other server (of another run, or of a user) is used or disturbed, and its memory high-water
 * mark covers only what the bench does. The first launch of a fresh server is measured apart.
 * Every server of that directory logs to one file (a launch served in-process passes the log's
 * name on to the server it starts), which a watchdog reads: a launch that hangs after its launcher
 * is gone (killed by the engine once done with it) holds the engine's pipes open, and the engine
 * waits for them forever, so the watchdog kills that launch's server and counts it.
 */
export async function startBenchWarmServer(executable: string): Promise<BenchWarmServer> {
  const runtimeDir = privateRuntimeDir("warm");
  const log = join(runtimeDir, "server.log");
  const env = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, TOKENHOOKS_PLUGIN_SERVER_LOG: log };
  const files = serverFilesFor(executable, env);
  if (files === undefined) throw new Error(`${executable} has no launcher, so no warm server can serve it`);
  startWarmServer(executable, env);
  const watchdog = new HungLaunchWatchdog(log);
  const stop = async () => {
    watchdog.stop();
    const pid = serverPid(files.server);
    if (pid !== undefined && alive(pid)) {
      process.kill(pid, "SIGTERM");
      try {
        await waitFor(() => !alive(pid), STOP_TIMEOUT_MS, `the warm server ${pid} to exit`);
      } catch {
        process.stderr.write(`  the warm server ${pid} did not exit on SIGTERM within ${STOP_TIMEOUT_MS} ms (a launch never ended): killed\n`);
        process.kill(pid, "SIGKILL");
      }
    }
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => serverRunning(files), START_TIMEOUT_MS, `a warm server in ${files.dir}`);
    await waitFor(() => countReadySpares(readOrEmpty(log)) >= IDLE_SPARES, START_TIMEOUT_MS, `the warm server's ${IDLE_SPARES} spares to load`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    env: { XDG_RUNTIME_DIR: runtimeDir, TOKENHOOKS_PLUGIN_SERVER_LOG: log },
    process: warmServerProcess(files.plugin, files.dir),
    servedLaunches: () => countServedLaunches(readOrEmpty(log)),
    hungLaunches: () => watchdog.killed,
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

/** Spare workers a server's log says it loaded. */
export function countReadySpares(log: string): number {
  return log.split("\n").filter((line) => / spare \d+ ready$/.test(line)).length;
}

/** A launch a server's log says it is serving: not ended yet. */
export interface OpenLaunch {
  readonly serverPid: number;
  readonly launcherPid: number;
}

/** The launches a server log (`<time> <server pid> <event>` lines) shows served and not ended. */
export function openLaunches(log: string): OpenLaunch[] {
  const open = new Map<number, number>();
  for (const line of log.split("\n")) {
    const served = /^\S+ (\d+) serving launcher (\d+)$/.exec(line);
    if (served) open.set(Number(served[2]), Number(served[1]));
    const ended = /^\S+ \d+ launcher (\d+) ended with /.exec(line);
    if (ended) open.delete(Number(ended[1]));
  }
  return [...open].map(([launcherPid, serverPid]) => ({ serverPid, launcherPid }));
}

/**
 * The servers to end, each with its hung launches: those whose every open launch has had its
 * launcher gone for `hungAfterMs` or more (`goneForMs` is `undefined` for a launcher that runs).
 * A server that also serves a live launch is left alone: ending it would cut that launch.
 */
export function serversToEnd(open: readonly OpenLaunch[], goneForMs: (launcherPid: number) => number | undefined, hungAfterMs: number): Map<number, number[]> {
  const byServer = new Map<number, number[]>();
  for (const launch of open) byServer.set(launch.serverPid, [...(byServer.get(launch.serverPid) ?? []), launch.launcherPid]);
  return new Map(
    [...byServer].filter(([, launchers]) =>
      launchers.every((launcherPid) => {
        const gone = goneForMs(launcherPid);
        return gone !== undefined && gone >= hungAfterMs;
      }),
    ),
  );
}

/** Kills each server whose every open launch hung {@link HUNG_AFTER_MS} after its launcher went (see {@link serversToEnd}). */
class HungLaunchWatchdog {
  readonly #goneSince = new Map<number, number>();
  readonly #ended = new Set<number>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly log: string) {
    this.#timer = setInterval(() => this.#check(), WATCH_INTERVAL_MS);
  }

  /** How many hung launches it ended. */
  get killed(): number {
    return this.#ended.size;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #check(): void {
    const now = performance.now();
    const open = openLaunches(readOrEmpty(this.log)).filter((launch) => isRunning(launch.serverPid));
    const goneForMs = (launcherPid: number) => {
      if (isRunning(launcherPid)) return undefined;
      const since = this.#goneSince.get(launcherPid) ?? now;
      this.#goneSince.set(launcherPid, since);
      return now - since;
    };
    for (const [serverPid, launchers] of serversToEnd(open, goneForMs, HUNG_AFTER_MS)) {
      process.stderr.write(`  launches ${launchers.join(", ")} hung after the engine killed their launchers: killing their warm server ${serverPid}\n`);
      process.kill(serverPid, "SIGKILL");
      for (const launcherPid of launchers) this.#ended.add(launcherPid);
    }
  }
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

/** Resolves once `condition()` holds, polling; rejects naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
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
