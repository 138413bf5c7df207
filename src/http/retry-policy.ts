import type { IncomingHttpHeaders } from "node:http";
import { headerValue } from "./headers";
import { rateLimitResetMs } from "./rate-limit-headers";

/** Bounds for retrying. All delays in milliseconds. */
export interface RetrySettings {
  /** Tries in total for a GET/DELETE failing with 5xx, a broken connection or a timeout. */
  maxAttempts: number;
  /** First backoff step; doubles per failure, with full jitter. */
  baseDelayMs: number;
  /** Cap of one backoff step. */
  maxDelayMs: number;
  /** How many 429 responses in a row are waited out before giving up (any method). */
  rateLimitAttempts: number;
  /** Cap of one rate-limit wait, so a bogus reset header cannot stall a run. */
  maxRateLimitWaitMs: number;
}

/** Defaults: 5 tries with 100 ms..3 s backoff; up to 10 rate-limit waits of at most 60 s. */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 3_000,
  rateLimitAttempts: 10,
  maxRateLimitWaitMs: 60_000,
};

/** Capped exponential backoff with full jitter: uniform in [0, min(cap, base·2^(n-1))). */
export function backoffDelay(failures: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * ceiling);
}

/** Milliseconds the server asked us to wait, from `X-RateLimit-Reset` (TFC) or `Retry-After`. */
function requestedWait(headers: IncomingHttpHeaders, now: number): number | undefined {
  const reset = rateLimitResetMs(headers);
  if (reset !== undefined) return reset;
  const retryAfter = headerValue(headers, "retry-after")?.trim();
  if (retryAfter === undefined || retryAfter === "") return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait after a 429: what the server asked for (capped), plus up to one base step
 * of jitter so parallel requests do not all return at the same instant. Without a usable
 * header it falls back to the backoff for the given number of 429s so far.
 */
export function rateLimitDelay(
  headers: IncomingHttpHeaders,
  rateLimited: number,
  settings: RetrySettings,
  now: number,
  random: () => number
): number {
  const requested = requestedWait(headers, now);
  if (requested === undefined) return backoffDelay(rateLimited, settings, random);
  return Math.min(requested, settings.maxRateLimitWaitMs) + Math.floor(random() * settings.baseDelayMs);
}
