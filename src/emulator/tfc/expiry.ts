import type { Reply } from "../http/reply";
import { jsonApiError, invalidAttribute } from "./jsonapi";
import { isExpired, type ApiToken } from "./model";

const ISO_8601_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * The expiry for a new team/organization/audit token: an ISO 8601 date-time in the future, or
 * (absent or null) `"default"`, which the store turns into two years after creation.
 */
export function parseExpiredAt(value: unknown, now: number): number | "default" | Reply {
  if (value === undefined || value === null) return "default";
  const parsed = typeof value === "string" && ISO_8601_DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(parsed)) return invalidAttribute("Expired at is not a valid ISO 8601 date-time", "expired-at");
  if (parsed <= now) return invalidAttribute("Expired at must be in the future", "expired-at");
  return parsed;
}

/** Values of the team-token list's `filter[expiry_status]` (alias `filter[status]`). */
export const EXPIRY_STATUSES = ["active", "expiring_in_7_days", "expiring_in_30_days", "expired", "no_expiration"] as const;
export type ExpiryStatus = (typeof EXPIRY_STATUSES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Parses a comma-separated status filter; undefined when absent. */
export function parseExpiryStatuses(raw: string | null): ExpiryStatus[] | undefined | Reply {
  if (raw === null || raw.trim() === "") return undefined;
  const values = raw.split(",").map((value) => value.trim());
  const unknown = values.filter((value) => !(EXPIRY_STATUSES as readonly string[]).includes(value));
  if (unknown.length > 0) return jsonApiError(400, "invalid filter", `Unknown expiry status: ${unknown.join(", ")}`);
  return values as ExpiryStatus[];
}

/** Whether a token is in one of the statuses (they combine with OR). */
export function hasExpiryStatus(token: ApiToken, statuses: readonly ExpiryStatus[], now: number): boolean {
  return statuses.some((status) => {
    const remaining = token.expiredAt === null ? Infinity : token.expiredAt - now;
    switch (status) {
      case "active":
        return !isExpired(token, now);
      case "expired":
        return isExpired(token, now);
      case "no_expiration":
        return token.expiredAt === null;
      case "expiring_in_7_days":
        return remaining > 0 && remaining <= 7 * DAY_MS;
      case "expiring_in_30_days":
        return remaining > 0 && remaining <= 30 * DAY_MS;
    }
  });
}
