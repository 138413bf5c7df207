import type { IncomingHttpHeaders } from "node:http";
import { headerValue } from "./headers";

/** What one response said about its principal's rate limit; each part only when sent and well-formed. */
export interface RateLimitReading {
  /** `X-RateLimit-Limit`: requests per window. */
  limit?: number;
  /** `X-RateLimit-Remaining`: requests left in the current window, this one counted. */
  remaining?: number;
  /** `X-RateLimit-Reset`: milliseconds (from float seconds, rounded up) until the window resets. */
  resetMs?: number;
}

const NON_NEGATIVE_INTEGER = /^\d+$/;
const NON_NEGATIVE_DECIMAL = /^\d+(\.\d+)?$/;

function parsed(headers: IncomingHttpHeaders, name: string, pattern: RegExp): number | undefined {
  const value = headerValue(headers, name)?.trim();
  return value !== undefined && pattern.test(value) ? Number(value) : undefined;
}

/** `X-RateLimit-Reset` in milliseconds; HCP Terraform writes float seconds, e.g. `0.412`. */
export function rateLimitResetMs(headers: IncomingHttpHeaders): number | undefined {
  const seconds = parsed(headers, "x-ratelimit-reset", NON_NEGATIVE_DECIMAL);
  return seconds === undefined ? undefined : Math.ceil(seconds * 1000);
}

/** The `X-RateLimit-*` headers of a response (HCP Terraform, the emulator). */
export function readRateLimit(headers: IncomingHttpHeaders): RateLimitReading {
  const reading: RateLimitReading = {};
  const limit = parsed(headers, "x-ratelimit-limit", NON_NEGATIVE_INTEGER);
  if (limit !== undefined && limit > 0) reading.limit = limit;
  const remaining = parsed(headers, "x-ratelimit-remaining", NON_NEGATIVE_INTEGER);
  if (remaining !== undefined) reading.remaining = remaining;
  const resetMs = rateLimitResetMs(headers);
  if (resetMs !== undefined) reading.resetMs = resetMs;
  return reading;
}
