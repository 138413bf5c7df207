/** What the emulator's latency and rate limit allow at best: the yardsticks the measurements are read against. */

/**
 * The fastest an apply can be when every request waits `latencyMs` and at most `parallelism`
 * requests are in flight: `requests × latency ÷ parallelism`, in milliseconds.
 */
export function latencyLowerBoundMs(requestCount: number, latencyMs: number, parallelism: number): number {
  if (!(parallelism >= 1)) throw new RangeError(`parallelism must be at least 1, not ${parallelism}`);
  if (!(requestCount >= 0) || !(latencyMs >= 0)) throw new RangeError("request count and latency cannot be negative");
  return (requestCount * latencyMs) / parallelism;
}

/** Requests per second over a window of `windowMs`. */
export function requestRate(requestCount: number, windowMs: number): number {
  if (!(windowMs > 0)) throw new RangeError(`the window must be longer than 0 ms, not ${windowMs}`);
  return (requestCount * 1000) / windowMs;
}

/** The first and last moment of a set of requests: from the earliest start to the latest finish. */
export function requestWindowMs(requests: readonly { readonly startedAt: number; readonly finishedAt: number }[]): number {
  if (requests.length === 0) return 0;
  return Math.max(...requests.map((request) => request.finishedAt)) - Math.min(...requests.map((request) => request.startedAt));
}
