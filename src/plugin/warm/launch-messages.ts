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
 * Worker → main thread: the launch ends with `code`, and the worker's stdout and stderr have
 * ended. The launcher can have its exit status at once, before the thread's teardown.
 */
export interface ExitingMessage {
  readonly type: "exiting";
  readonly code: number;
}

export function isExitingMessage(message: unknown): message is ExitingMessage {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "exiting" && typeof (message as { code?: unknown }).code === "number";
}

/** `workerData` of a worker that serves one launch. */
export const WARM_LAUNCH_WORKER = "tokenhooks-warm-launch";
