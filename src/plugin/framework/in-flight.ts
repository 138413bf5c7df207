/** The calls a plugin process has not answered yet, which it waits for before it exits. */
export class InFlightCalls {
  private readonly calls = new Set<Promise<unknown>>();

  get size(): number {
    return this.calls.size;
  }

  /** Counts `call` as in flight until it settles. */
  async track<T>(call: Promise<T>): Promise<T> {
    this.calls.add(call);
    try {
      return await call;
    } finally {
      this.calls.delete(call);
    }
  }

  /**
   * Resolves true once no call is in flight, or false when `limitMs` passes first. Calls may still
   * arrive while others finish; the deadline bounds the wait.
   */
  async settle(limitMs: number): Promise<boolean> {
    const deadline = Date.now() + limitMs;
    while (this.calls.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      });
      await Promise.race([Promise.allSettled([...this.calls]), timeout]);
      clearTimeout(timer);
    }
    return true;
  }
}
