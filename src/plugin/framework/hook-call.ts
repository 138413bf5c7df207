import { PartialStateError } from "./definition";

/** The hooks a resource definition has, by the name users know them by. */
export type HookName = "validate" | "modifyPlan" | "create" | "read" | "update" | "delete" | "import";

/** How long a hook may run when its resource says nothing: long enough for an API's retries and waits. */
export const DEFAULT_HOOK_TIMEOUT_MS = 10 * 60_000;

/**
 * A failure raised inside a resource's hook, remembered with the resource and the hook so that
 * the diagnostic names both (the engine's own message names only the resource's address).
 * `cause` is what the hook threw, which need not be an Error.
 */
export class HookError extends Error {
  constructor(
    readonly typeName: string,
    readonly hook: HookName,
    override readonly cause: unknown,
  ) {
    super(describeThrown(cause));
    this.name = "HookError";
  }
}

/** A hook that did not settle within its resource's timeout. */
export class HookTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(
      `The hook did not finish within ${formatDuration(timeoutMs)}\n` +
        "The engine got this error instead of its result; raise the resource's timeout if the remote API is that slow.",
    );
    this.name = "HookTimeoutError";
  }
}

/** The message of whatever a hook threw; a value that is no Error is named by its kind, not printed (it may hold anything). */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === "string") return thrown;
  return `The hook threw a non-Error value (${thrown === null ? "null" : typeof thrown}); throw an Error with a message instead`;
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Where a hook runs and what happens to a result that arrives after its timeout. */
export interface HookCall<T> {
  readonly typeName: string;
  readonly hook: HookName;
  readonly timeoutMs: number;
  /** Called with a result that settles after the timeout was reported (a create's object to delete again). */
  readonly late?: (result: T) => Promise<void>;
}

/**
 * Runs one hook: its errors become {@link HookError}s (a {@link PartialStateError} keeps its
 * saved state, its cause wrapped), and one that outlives `timeoutMs` fails with a
 * {@link HookTimeoutError} while its eventual result goes to `late`. Returns the promise of the
 * late handling too, for the caller to keep the process alive until it is done.
 */
export function callHook<T>(call: HookCall<T>, run: () => T | Promise<T>): { result: Promise<T>; lateWork: Promise<void> } {
  const wrap = (error: unknown): never => {
    if (error instanceof PartialStateError) throw new PartialStateError(error.state, new HookError(call.typeName, call.hook, error.cause), error.private);
    throw new HookError(call.typeName, call.hook, error);
  };
  // Started at once, as a direct call would be: a hook may rely on what happens right after it starts.
  let running: Promise<T>;
  try {
    running = Promise.resolve(run());
  } catch (error) {
    running = Promise.reject(error);
  }
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new HookTimeoutError(call.timeoutMs));
    }, call.timeoutMs);
  });
  const result = Promise.race([running, timeout]).catch(wrap).finally(() => clearTimeout(timer));
  const lateWork = running.then(
    async (value) => {
      if (timedOut) await call.late?.(value);
    },
    () => undefined,
  );
  return { result, lateWork };
}
