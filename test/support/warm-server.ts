import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { constants as os, tmpdir } from "node:os";
import { join } from "node:path";
import { pluginBuild } from "../../src/plugin/warm/plugin-build";
import { serverFiles, type ServerFiles } from "../../src/plugin/warm/server-files";
import { WARM_SERVER_ARGUMENT } from "../../src/plugin/warm/start-server";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../src/plugin/protocol/serve";
import { until } from "./processes";
import { PLUGIN_PATH } from "./tokenhooks-workdir";

/**
 * Warm plugin servers (src/plugin/warm) of the bundled plugin, confined to a runtime directory of
 * a test's own, so a test never shares or disturbs the server the rest of the suite uses.
 */

/** The go-plugin handshake line of a tfplugin6 plugin with AutoMTLS off. */
export const HANDSHAKE = /^1\|6\|unix\|\/\S+\|grpc\|$/;
/** The handshake line with AutoMTLS on (the engine gave a client certificate): the plugin's certificate ends it. */
export const HANDSHAKE_WITH_CERTIFICATE = /^1\|6\|unix\|\/\S+\|grpc\|[A-Za-z0-9+/]{100,}$/;

const HANDSHAKE_TIMEOUT_MS = 30_000;

/** What a server's `server` file says. */
export interface ServerRecord {
  readonly pid: number;
  readonly startTime: string;
  readonly key: string;
}

/** A fresh `XDG_RUNTIME_DIR` (0700) and a server log file, and the files of the bundled plugin's server there. */
export class WarmServerSandbox {
  readonly files: ServerFiles;
  readonly logFile: string;

  private constructor(readonly runtimeDir: string) {
    this.files = serverFiles({ XDG_RUNTIME_DIR: runtimeDir }, process.getuid!(), bundledBuild());
    this.logFile = `${runtimeDir}.log`;
  }

  static create(prefix: string): WarmServerSandbox {
    return new WarmServerSandbox(mkdtempSync(join(tmpdir(), `${prefix}-`)));
  }

  /** The variables that point launches at this sandbox and have its servers log. */
  env(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { XDG_RUNTIME_DIR: this.runtimeDir, TOKENHOOKS_PLUGIN_SERVER_LOG: this.logFile, ...extra };
  }

  /** The server log so far (empty before any server wrote to it). */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  /** Resolves once the log has a line matching `pattern`; returns that line. */
  async untilLogged(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    await until(() => this.log().split("\n").some((line) => pattern.test(line)), `a server log line matching ${pattern}`, timeoutMs);
    return this.log().split("\n").find((line) => pattern.test(line))!;
  }

  /** The pids of the servers that log "serving launcher <pid>" for each of `launchers`. */
  serversOf(launchers: readonly number[]): Map<number, number | undefined> {
    const lines = this.log().split("\n");
    return new Map(launchers.map((pid) => [pid, serverPidOf(lines.find((line) => line.endsWith(` serving launcher ${pid}`)))]));
  }

  /** The `server` file, when there is one. */
  record(): ServerRecord | undefined {
    if (!existsSync(this.files.server)) return undefined;
    const [pid, startTime, key] = readFileSync(this.files.server, "utf8").trim().split(" ");
    return { pid: Number(pid), startTime, key };
  }

  /** Resolves with the record once a running server (other than `replacing`) has written it. */
  async untilServing(replacing?: number, timeoutMs = 20_000): Promise<ServerRecord> {
    await until(() => {
      const record = this.record();
      return record !== undefined && record.pid !== replacing && this.serverPids().includes(record.pid);
    }, "a warm server to announce itself", timeoutMs);
    return this.record()!;
  }

  /** Pids of the warm servers running from this sandbox. */
  serverPids(): number[] {
    return processesWhoseCommandLine((cmdline) => cmdline.includes(WARM_SERVER_ARGUMENT) && cmdline.includes(this.runtimeDir));
  }

  /** SIGKILLs this sandbox's servers and removes the sandbox. */
  dispose(): void {
    for (const pid of this.serverPids()) killQuietly(pid);
    rmSync(this.runtimeDir, { recursive: true, force: true });
    rmSync(this.logFile, { force: true });
  }
}

function serverPidOf(line: string | undefined): number | undefined {
  const pid = line?.split(" ")[1];
  return pid === undefined ? undefined : Number(pid);
}

function bundledBuild(): string {
  const build = pluginBuild(readFileSync(PLUGIN_PATH));
  if (build === undefined) throw new Error(`${PLUGIN_PATH} has no launcher: run npm run bundle`);
  return build;
}

/** Pids of the processes whose NUL-separated command line satisfies `matches`. */
export function processesWhoseCommandLine(matches: (cmdline: string) => boolean): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return matches(readFileSync(`/proc/${entry}/cmdline`, "utf8"));
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function killQuietly(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** The plugin launched as an engine launches it, with pipes for stdout and stderr. */
export interface DirectLaunch {
  /** The launcher's pid (the plugin's own when it runs in-process). */
  readonly pid: number;
  /** The first line on stdout. */
  readonly handshake: Promise<string>;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The exit code, or 128 + signal. */
  readonly exited: Promise<number>;
}

/**
 * Launches the bundled plugin with the engine's magic cookie and `env`, its stdout and stderr
 * real pipes (FIFOs), as engines give them: Node's own stdio pipes are sockets, for which the
 * launcher never asks a server.
 */
export function launchPlugin(env: Readonly<Record<string, string>>, executable = PLUGIN_PATH): DirectLaunch {
  const fifos = mkdtempSync(join(tmpdir(), "tokenhooks-launch-"));
  const [outPath, errPath] = [join(fifos, "out"), join(fifos, "err")];
  execFileSync("mkfifo", [outPath, errPath]);
  const [outRead, errRead] = [outPath, errPath].map((path) => openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
  const [outWrite, errWrite] = [outPath, errPath].map((path) => openSync(path, constants.O_WRONLY));
  rmSync(fifos, { recursive: true, force: true });
  const child = spawn(executable, [], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "6", ...env },
    stdio: ["ignore", outWrite, errWrite],
  });
  closeSync(outWrite);
  closeSync(errWrite);
  const stdout = new Socket({ fd: outRead, readable: true, writable: false });
  const stderr = new Socket({ fd: errRead, readable: true, writable: false });
  let out = "";
  let err = "";
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  const handshake = new Promise<string>((resolve, reject) => {
    stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
    });
    stdout.once("end", () => reject(new Error(`the plugin closed stdout without a handshake; stderr: ${err}`)));
    setTimeout(() => reject(new Error(`no handshake within ${HANDSHAKE_TIMEOUT_MS} ms; stdout: ${out}; stderr: ${err}`)), HANDSHAKE_TIMEOUT_MS).unref();
  });
  handshake.catch(() => undefined);
  const exited = new Promise<number>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? os.signals[signal] : 0))),
  );
  // The pipes end once every writer (the launcher, and a server's copies) has closed them; a
  // server's worker may write for a while after its launcher was killed.
  void exited.then(() => setTimeout(() => [stdout, stderr].forEach((socket) => socket.destroy()), 10_000).unref());
  return { pid: child.pid!, handshake, stderr: () => err, exited };
}
