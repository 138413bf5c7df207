import { parentPort } from "node:worker_threads";
import type { PluginHost } from "../protocol/serve";
import { claimStdout } from "../protocol/serve";
import type { LaunchEndMessage, LaunchMessage } from "./launch-messages";
import { isLive, isRunning, processStat } from "./proc";

/**
 * Makes this worker thread look, to the plugin's code, like the process the engine started: its
 * environment and working directory (`process.cwd()`; the thread cannot change the process's).
 * The environment is this thread's own copy: no other launch sees it, and it goes with the thread.
 */
export function adoptLaunch(launch: LaunchMessage): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, launch.env);
  process.cwd = () => launch.cwd;
}

/**
 * The launch a warm server's worker serves: stdout goes to the main thread, which writes it to the
 * launcher's stdout; the engine is gone once the launcher is re-parented (or, the launcher being
 * gone too, once the engine's own process is).
 */
export function launchHost(launch: LaunchMessage): PluginHost {
  return {
    env: process.env,
    handshake: claimStdout(),
    engineGone: () => {
      const launcher = processStat(launch.launcherPid);
      return isLive(launcher) ? launcher.ppid !== launch.enginePid : !isRunning(launch.enginePid);
    },
    launcherGone: () => !isRunning(launch.launcherPid),
    exit: (code) => {
      // Ended now, the outputs are forwarded in full while the thread tears down, and the server
      // answers the launcher without waiting for that teardown (5-25 ms).
      parentPort?.postMessage({ type: "launch-end", code } satisfies LaunchEndMessage);
      process.stdout.end();
      process.stderr.end();
      process.exit(code);
    },
  };
}
