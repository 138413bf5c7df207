import { spawn } from "node:child_process";
import { copyFileSync, readFileSync, renameSync } from "node:fs";
import { pluginBuild } from "./plugin-build";
import { serverRunning } from "./server";
import { ensureServerDirectories, serverFiles, type ServerFiles } from "./server-files";

/** The argument that makes the plugin executable a warm plugin server. */
export const WARM_SERVER_ARGUMENT = "--tokenhooks-warm-server";

/** Whether launches in `env` may use a warm server: not when `TOKENHOOKS_PLUGIN_SERVER=0`, and only where `/proc` shows launchers. */
export function warmServerWanted(env: NodeJS.ProcessEnv): boolean {
  return env.TOKENHOOKS_PLUGIN_SERVER !== "0" && process.platform === "linux" && typeof process.getuid === "function";
}

/** The variables a server keeps: where it lives and how long it idles. Nothing of any launch's credentials. */
const SERVER_VARIABLES = ["PATH", "XDG_RUNTIME_DIR", "TMPDIR", "TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS", "TOKENHOOKS_PLUGIN_SERVER_LOG"] as const;

/**
 * glibc's malloc gives each thread that allocates an arena of its own, which keeps what the
 * thread freed; the server runs a thread per launch. Two arenas lower its peak by 3-5 MiB.
 */
const SERVER_MALLOC = { MALLOC_ARENA_MAX: "2" };

/** The files of the server for the plugin executable at `executablePath`, or `undefined` for a build without a launcher. */
export function serverFilesFor(executablePath: string, env: NodeJS.ProcessEnv): ServerFiles | undefined {
  const buildId = pluginBuild(readFileSync(executablePath));
  return buildId === undefined ? undefined : serverFiles(env, process.getuid!(), buildId);
}

/**
 * Starts a warm server for the plugin executable at `executablePath`, detached, unless one runs:
 * copies the executable into the build's private directory and runs the copy there with an
 * environment of {@link SERVER_VARIABLES} only. Called by a launch served in-process, after its
 * handshake, so the next launch of the build is served warm.
 */
export function startWarmServer(executablePath: string, env: NodeJS.ProcessEnv): void {
  if (!warmServerWanted(env)) return;
  const files = serverFilesFor(executablePath, env);
  if (files === undefined) return;
  ensureServerDirectories(files, process.getuid!());
  if (serverRunning(files)) return;
  const staged = `${files.plugin}.${process.pid}`;
  copyFileSync(executablePath, staged);
  renameSync(staged, files.plugin);
  const serverEnv = { ...Object.fromEntries(SERVER_VARIABLES.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]]))), ...SERVER_MALLOC };
  spawn(process.execPath, [files.plugin, WARM_SERVER_ARGUMENT], { cwd: files.dir, detached: true, stdio: "ignore", env: serverEnv }).unref();
}
