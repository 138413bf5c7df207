/** What a warm server's main thread and the worker serving one launch tell each other. */

/** Main thread → worker: the launch to serve. */
export interface LaunchMessage {
  readonly type: "launch";
  /** The environment the engine gave the launcher. */
  readonly env: Readonly<Record<string, string>>;
  /** The launcher's working directory: the engine's. */
  readonly cwd: string;
  readonly launcherPid: number;
  /** The launcher's parent when it started (`$PPID`): the engine. */
  readonly enginePid: number;
}

/**
 * Worker → main thread: the launch ends with `code`. The worker has ended its stdout and stderr
 * and exits next; the launcher can have its status without waiting for the thread's teardown.
 */
export interface LaunchEndMessage {
  readonly type: "launch-end";
  readonly code: number;
}

export function isLaunchEndMessage(message: unknown): message is LaunchEndMessage {
  const candidate = message as Partial<LaunchEndMessage> | null;
  return typeof candidate === "object" && candidate !== null && candidate.type === "launch-end" && typeof candidate.code === "number";
}

/** `workerData` of a worker that serves one launch. */
export const WARM_LAUNCH_WORKER = "tokenhooks-warm-launch";

/** Worker → main thread: the worker has loaded the plugin and waits for its launch. */
export const WORKER_READY = "tokenhooks-worker-ready";
