import { execFileSync } from "node:child_process";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { appendFileSync, constants, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { isLaunchEndMessage, WARM_LAUNCH_WORKER, WORKER_READY, type LaunchMessage } from "./launch-messages";
import { openLaunchOutput, openReply } from "./launch-output";
import { PacerHub } from "./pacer-bridge";
import { isLive, isRunning, processCwd, processEnvironment, processOwner, processStat } from "./proc";
import { ensureServerDirectories, type ServerFiles } from "./server-files";

/** How long a server waits without a launch before it exits, unless `TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS` says otherwise. */
export const DEFAULT_IDLE_SECONDS = 60;
/** After it stops announcing itself, how long a server still answers launchers that found it just before. */
const SHUTDOWN_GRACE_MS = 500;
/** `<launcher pid> <engine pid> <key> <reply FIFO>`: the engine as the launcher saw it at its start. */
const REQUEST = /^(\d+) (\d+) ([0-9a-f]{64}) (\S+)$/;
/** How often the server looks for launchers that are gone (killed by the engine, or by hand). */
const LAUNCHER_POLL_MS = 200;
/** How long a launch's worker may go on once its launcher is gone: time to undo late creates. */
const ORPHANED_WORKER_LIMIT_MS = 5 * 60_000;
/** How long an ended worker's last output may take to arrive. */
const STDIO_DRAIN_MS = 500;
/**
 * V8 settings for the launches' worker isolates, which serve a few hundred calls and end. Only
 * the baseline WebAssembly compiler: undici parses HTTP in WebAssembly, and optimizing that parser
 * took 38 MB of compiler memory in each launch's first requests. A young generation of 1 MB
 * semi-spaces instead of up to 16 MB. Together they lower the server's peak in the bench's
 * 200-token apply from 140 to about 100 MiB, at no measurable cost in time. Set at run time, so a
 * Node.js that lacks one ignores it instead of refusing to start.
 */
const WORKER_V8_FLAGS = ["--liftoff-only", "--max-semi-space-size=1"];
/**
 * Workers kept loaded for the next launches while none runs. An engine starts a command with a
 * burst of launches (schema, validation, plan), each 15-60 ms after the last one exits: sooner
 * than a worker loads beside them (90 ms alone, 150 ms next to an engine at work). With fewer
 * spares, the second or third launch waited for its worker.
 */
export const IDLE_SPARES = 3;
/**
 * Once a launch has run for {@link LONG_LAUNCH_MS} (a plan or an apply, not one of the short
 * launches of a burst), spares beyond one are let go: they would sit beside it at its peak.
 */
const BUSY_SPARES = 1;
const LONG_LAUNCH_MS = 150;

/** The idle time `env` asks for, in milliseconds. */
export function idleMsFrom(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_IDLE_SECONDS) * 1000;
}

/** True when `files` names a server that runs now. */
export function serverRunning(files: ServerFiles): boolean {
  return holderRuns(readOrUndefined(files.server));
}

/**
 * A warm plugin server: serves each launch its launchers hand it in a worker thread of its own,
 * loaded before the launch arrives, with the launch's environment and working directory, and
 * with the launcher's stdout and stderr as its own; the launches share rate-limit pacers and
 * nothing else. It admits a launch only with the key in its
 * `server` file (readable by the user alone, in a directory only the user can enter) and only of
 * a process of its own user. It exits after `idleMs` without a launch, or on SIGTERM once its
 * launches have ended.
 */
export class WarmServer {
  readonly #key = randomBytes(32).toString("hex");
  readonly #uid = process.getuid?.() ?? -1;
  readonly #launches = new Set<Worker>();
  readonly #pacers = new PacerHub();
  /** Loaded or loading, oldest first; they load one at a time. */
  readonly #spares: Worker[] = [];
  #loading: Worker | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #requests: Socket | undefined;
  #closing = false;

  private constructor(
    private readonly files: ServerFiles,
    private readonly idleMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts serving from `files`, or returns `undefined` when another server of the build already does. */
  static start(files: ServerFiles, idleMs: number, log: (line: string) => void = () => undefined): WarmServer | undefined {
    ensureServerDirectories(files, process.getuid?.() ?? -1);
    if (!claimLock(files.lock)) return undefined;
    for (const flag of WORKER_V8_FLAGS) setFlagsFromString(flag);
    const server = new WarmServer(files, idleMs, log);
    server.#listen();
    return server;
  }

  #listen(): void {
    rmSync(this.files.launch, { force: true });
    execFileSync("mkfifo", ["-m", "600", this.files.launch]);
    // Read and write: the FIFO never reaches end-of-file between launchers.
    this.#requests = new Socket({ fd: openSync(this.files.launch, constants.O_RDWR | constants.O_NONBLOCK), readable: true, writable: false });
    createInterface({ input: this.#requests }).on("line", (line) => this.#request(line));
    process.on("SIGTERM", () => this.#shutDown("SIGTERM"));
    this.#replenish();
    this.#armIdleTimer();
    // Logged before the record announces the server: no launch can be logged ahead of it.
    this.log(`serving ${this.files.dir}`);
    const self = processStat("self");
    const staged = `${this.files.server}.${process.pid}`;
    writeFileSync(staged, `${process.pid} ${self?.startTime} ${this.#key}\n`, { mode: 0o600 });
    renameSync(staged, this.files.server);
  }

  #request(line: string): void {
    const match = REQUEST.exec(line);
    if (!match) return this.log(`ignored a malformed request: ${JSON.stringify(line.replace(/[0-9a-f]{16,}/g, "<hex>"))}`);
    const [, pidText, enginePidText, key, replyPath] = match;
    const pid = Number(pidText);
    // Only a launcher's own reply FIFO in this directory: the server never opens another path.
    if (replyPath !== join(this.files.dir, `reply.${pid}`) || processOwner(pid) !== this.#uid) return this.log(`ignored a request for pid ${pid}`);
    let reply: Socket;
    try {
      reply = openReply(replyPath);
    } catch {
      return this.log(`launcher ${pid} left before its reply`);
    }
    if (!sameKey(key, this.#key)) {
      this.log(`declined launcher ${pid}: wrong key`);
      return void reply.end("declined\n");
    }
    let launch: LaunchMessage;
    let outputs: LaunchOutputs;
    try {
      if (processStat(pid) === undefined) throw new Error("gone");
      launch = { type: "launch", env: processEnvironment(pid), cwd: processCwd(pid), launcherPid: pid, enginePid: Number(enginePidText) };
      outputs = { stdout: openLaunchOutput(pid, "stdout"), stderr: openLaunchOutput(pid, "stderr") };
    } catch (error) {
      this.log(`declined launcher ${pid}: ${(error as Error).message}`);
      return void reply.end("declined\n");
    }
    reply.write("serving\n");
    this.#serve(launch, outputs, reply, replyPath);
  }

  #serve(launch: LaunchMessage, outputs: LaunchOutputs, reply: Socket, replyPath: string): void {
    const spare = this.#spares.shift();
    const loading = spare === undefined || spare === this.#loading;
    if (spare === this.#loading) this.#loading = undefined;
    const worker = spare ?? this.#newWorker();
    this.#launches.add(worker);
    clearTimeout(this.#idleTimer);
    const forwarded = Promise.allSettled([forward(worker.stdout, outputs.stdout), forward(worker.stderr, outputs.stderr)]);
    this.#replenish();
    setTimeout(() => this.#launches.has(worker) && this.#trimSpares(), LONG_LAUNCH_MS).unref();
    worker.on("error", (error) => outputs.stderr.write(`panic: ${error.message}\n`));
    // The engine waits for the end of the launcher's outputs as well as for its exit: once the
    // launcher is gone, nothing may hold them open. Its worker sees that too, and ends the launch.
    const watch = setInterval(() => {
      if (isRunning(launch.launcherPid)) return;
      clearInterval(watch);
      this.log(`launcher ${launch.launcherPid} is gone`);
      closeOutputs(outputs);
      setTimeout(() => void worker.terminate(), ORPHANED_WORKER_LIMIT_MS).unref();
    }, LAUNCHER_POLL_MS);
    // The launcher has its status once what the worker wrote last is forwarded (unless its streams
    // fail to end): when the worker says the launch ends, or else when it exits.
    let answered: Promise<void> | undefined;
    const answer = (status: number) =>
      (answered ??= Promise.race([forwarded, delay(STDIO_DRAIN_MS)]).then(() => {
        clearInterval(watch);
        closeOutputs(outputs);
        reply.end(`${status}\n`);
        rmSync(replyPath, { force: true });
        this.log(`launcher ${launch.launcherPid} ended with ${status}`);
      }));
    // What the worker held (pacer permits, its place among the launches) is let go only once it is gone.
    worker.once("exit", (status) => {
      void answer(status).then(() => {
        this.#launches.delete(worker);
        this.#pacers.workerGone(worker);
        if (this.#closing) return this.#exitWhenDone();
        this.#replenish();
        this.#armIdleTimer();
      });
    });
    worker.on("message", (message: unknown) => {
      if (isLaunchEndMessage(message)) void answer(message.code);
      else this.#pacers.handle(worker, message);
    });
    worker.postMessage(launch);
    this.log(`serving launcher ${launch.launcherPid}`);
    if (loading) this.log(`launcher ${launch.launcherPid} waits for its worker to load`);
  }

  #newWorker(): Worker {
    const worker = new Worker(this.files.plugin, { argv: [], env: {}, stdout: true, stderr: true, workerData: WARM_LAUNCH_WORKER });
    worker.on("message", (message: unknown) => {
      if (message !== WORKER_READY || this.#loading !== worker) return;
      this.#loading = undefined;
      this.log(`spare ${worker.threadId} ready`);
      this.#replenish();
    });
    // A spare that dies is replaced by the next launch's replenishing, not at once: a plugin that
    // cannot load would die again, and again.
    worker.once("exit", () => {
      const index = this.#spares.indexOf(worker);
      if (index >= 0) this.#spares.splice(index, 1);
      if (this.#loading === worker) this.#loading = undefined;
    });
    return worker;
  }

  /** Loads another spare, one at a time, up to {@link IDLE_SPARES}, or {@link BUSY_SPARES} while launches run. */
  #replenish(): void {
    const wanted = this.#launches.size > 0 ? BUSY_SPARES : IDLE_SPARES;
    if (this.#closing || this.#loading !== undefined || this.#spares.length >= wanted) return;
    this.#loading = this.#newWorker();
    this.#spares.push(this.#loading);
  }

  /** Lets the newest spares go, down to {@link BUSY_SPARES}. */
  #trimSpares(): void {
    const extras = this.#spares.splice(BUSY_SPARES);
    if (extras.length === 0) return;
    for (const extra of extras) void extra.terminate();
    if (this.#loading !== undefined && extras.includes(this.#loading)) this.#loading = undefined;
    this.log(`let ${extras.length} spare${extras.length === 1 ? "" : "s"} go`);
  }

  #armIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    if (this.#launches.size === 0) this.#idleTimer = setTimeout(() => this.#shutDown("idle"), this.idleMs);
  }

  /**
   * Stops announcing itself first, so new launchers run in-process; answers those that found it
   * just before for a short grace period; exits once every launch has ended.
   */
  #shutDown(reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.log(`shutting down: ${reason}`);
    clearTimeout(this.#idleTimer);
    rmSync(this.files.server, { force: true });
    rmSync(this.files.launch, { force: true });
    for (const spare of this.#spares.splice(0)) void spare.terminate();
    setTimeout(() => {
      this.#requests?.destroy();
      this.#requests = undefined;
      this.#exitWhenDone();
    }, SHUTDOWN_GRACE_MS);
  }

  #exitWhenDone(): void {
    if (this.#requests !== undefined || this.#launches.size > 0) return;
    rmSync(this.files.lock, { force: true });
    process.exit(0);
  }
}

/** The launcher's stdout and stderr, as the server writes to them. */
interface LaunchOutputs {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

function closeOutputs(outputs: LaunchOutputs): void {
  outputs.stdout.destroy();
  outputs.stderr.destroy();
}

/**
 * Copies `from` to `to` until `from` ends, then ends `to`. Unlike `pipe`, it keeps reading when
 * `to` fails (the engine is gone), so the end of `from` is always seen.
 */
function forward(from: Readable, to: Writable): Promise<void> {
  from.on("data", (chunk: Buffer) => to.write(chunk));
  return new Promise((resolve) => {
    from.once("end", () => {
      to.end();
      resolve();
    });
    from.once("error", () => resolve());
  });
}

/** Takes the build's lock (`<pid> <start time>`), unless a running server holds it. */
function claimLock(lock: string): boolean {
  const self = processStat("self");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid} ${self?.startTime}\n`, { flag: "wx", mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (holderRuns(readOrUndefined(lock))) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

/** True when `record` (`<pid> <start time> …`) names a process that runs now. */
function holderRuns(record: string | undefined): boolean {
  const [pid, startTime] = record?.trim().split(" ") ?? [];
  if (pid === undefined || !/^\d+$/.test(pid)) return false;
  const stat = processStat(Number(pid));
  return isLive(stat) && stat.startTime === startTime;
}

function sameKey(given: string, key: string): boolean {
  return given.length === key.length && timingSafeEqual(Buffer.from(given), Buffer.from(key));
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** A log of the server's decisions (no secrets) to the file `TOKENHOOKS_PLUGIN_SERVER_LOG` names. */
export function serverLog(env: NodeJS.ProcessEnv): (line: string) => void {
  const file = env.TOKENHOOKS_PLUGIN_SERVER_LOG;
  if (!file) return () => undefined;
  return (line) => appendFileSync(file, `${new Date().toISOString()} ${process.pid} ${line}\n`);
}
