/** Resolves after `ms`, or as soon as any of the signals aborts (without rejecting). */
export function waitFor(ms: number, ...signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((signal) => signal.aborted)) return resolve();
    const finish = () => {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener("abort", finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    for (const signal of signals) signal.addEventListener("abort", finish, { once: true });
  });
}

/** Resolves when any of the signals aborts. */
export function untilAborted(...signals: AbortSignal[]): Promise<void> {
  return waitFor(2 ** 31 - 1, ...signals);
}
