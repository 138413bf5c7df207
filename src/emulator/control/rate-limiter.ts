/** The outcome of counting one request against its key's budget. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

const WINDOW_MS = 1000;
/** Past this many tracked keys, finished windows are dropped so memory stays flat. */
const PRUNE_THRESHOLD = 10_000;

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Fixed one-second windows per key. Runs on real (monotonic) time, not the emulator clock:
 * a test that freezes or jumps the clock must not freeze or reset rate limits.
 */
export class FixedWindowRateLimiter {
  #limit: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(limitPerSecond: number, now: () => number = () => performance.now()) {
    this.#limit = checkedLimit(limitPerSecond);
    this.#now = now;
  }

  get limit(): number {
    return this.#limit;
  }

  set limit(limitPerSecond: number) {
    this.#limit = checkedLimit(limitPerSecond);
  }

  consume(key: string): RateLimitDecision {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      if (this.#windows.size >= PRUNE_THRESHOLD) this.#prune(now);
      window = { startedAt: now, count: 0 };
      this.#windows.set(key, window);
    }
    const resetSeconds = Math.max(0, window.startedAt + WINDOW_MS - now) / 1000;
    if (window.count >= this.#limit) return { allowed: false, limit: this.#limit, remaining: 0, resetSeconds };
    window.count++;
    return { allowed: true, limit: this.#limit, remaining: this.#limit - window.count, resetSeconds };
  }

  clear(): void {
    this.#windows.clear();
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.startedAt >= WINDOW_MS) this.#windows.delete(key);
    }
  }
}

function checkedLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
  return limit;
}

/** `X-RateLimit-Reset` as HCP Terraform writes it: float seconds, e.g. `0.412`. */
export function formatResetSeconds(seconds: number): string {
  return seconds.toFixed(3);
}
