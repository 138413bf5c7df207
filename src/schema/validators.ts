import type { AttributeValidator } from "./types";

/**
 * Attribute validators shared by the plugin (validate/plan, zero API calls) and the constructs
 * (synth-time checks). Each returns what is wrong and what would be accepted, or undefined.
 */

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TEAM_ID = /^team-[A-Za-z0-9]{16}$/;
const TOKEN_ID = /^at-[A-Za-z0-9]{16}$/;
const ORGANIZATION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g;
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+$/;

const MS_PER_UNIT: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** A string of `min`..`max` characters (after no trimming: the APIs trim, and a stored mismatch would drift). */
export function lengthBetween(min: number, max: number): AttributeValidator {
  return (value) => {
    if (typeof value !== "string") return undefined;
    if (value.length < min) return min === 1 ? "must not be empty" : `must be at least ${min} characters long`;
    if (value.length > max) return `must be at most ${max} characters long (got ${value.length})`;
    return undefined;
  };
}

/** Infisical's slug rule for connection names: lowercase letters, digits and single hyphens. */
export const slug: AttributeValidator = (value) =>
  typeof value === "string" && !SLUG.test(value)
    ? `must be a slug: lowercase letters, digits and single hyphens, not starting or ending with a hyphen (got ${describe(value)})`
    : undefined;

/**
 * A Heroku Platform API token: `HRKU-…` once trimmed, as Infisical's `heroku-connection-schemas.ts`
 * requires. The value is a secret, so it is never echoed.
 */
export const herokuAuthToken: AttributeValidator = (value) =>
  typeof value === "string" && !value.trim().startsWith("HRKU-")
    ? 'must be a Heroku Platform API token, which starts with "HRKU-" (e.g. from `heroku authorizations:create`)'
    : undefined;

/** An HCP Terraform team id, `team-` followed by 16 letters or digits. */
export const teamId: AttributeValidator = (value) =>
  typeof value === "string" && !TEAM_ID.test(value)
    ? `must be an HCP Terraform team id like "team-AbCdEfGh12345678" (got ${describe(value)})`
    : undefined;

/** An authentication token id, `at-` followed by 16 letters or digits. */
export const tokenId: AttributeValidator = (value) =>
  typeof value === "string" && !TOKEN_ID.test(value)
    ? `must be an authentication token id like "at-AbCdEfGh12345678" (got ${describe(value)})`
    : undefined;

/** An HCP Terraform organization name. */
export const organizationName: AttributeValidator = (value) =>
  typeof value === "string" && !ORGANIZATION_NAME.test(value)
    ? `must be an organization name: letters, digits, "-" and "_", at most 40 characters (got ${describe(value)})`
    : undefined;

/** A UUID, as Infisical project and connection ids are. */
export const uuid: AttributeValidator = (value) =>
  typeof value === "string" && !UUID.test(value) ? `must be a UUID (got ${describe(value)})` : undefined;

/** Parses an RFC 3339 timestamp; undefined when malformed or not a real calendar date. */
export function parseRfc3339(text: string): Date | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  const calendarValid =
    month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  return calendarValid && hour <= 23 && minute <= 59 && second <= 60 ? date : undefined;
}

/** An RFC 3339 timestamp (any time: whether it must lie ahead depends on the operation). */
export const rfc3339: AttributeValidator = (value) =>
  typeof value === "string" && !parseRfc3339(value)
    ? `must be an RFC 3339 timestamp such as "2027-01-31T00:00:00Z" (got ${describe(value)})`
    : undefined;

/** An RFC 3339 timestamp later than now (`now` is injectable for tests). */
export function futureRfc3339(now: () => number = Date.now): AttributeValidator {
  return (value) => {
    if (typeof value !== "string") return undefined;
    const malformed = rfc3339(value);
    if (malformed) return malformed;
    if ((parseRfc3339(value) as Date).getTime() <= now()) return `must be in the future (got ${value})`;
    return undefined;
  };
}

/**
 * Parses a duration in Go's syntax (`720h`, `1h30m`, `90s`) plus `d` for days. Returns
 * milliseconds, or undefined when malformed.
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) total += Number(amount) * MS_PER_UNIT[unit];
  return total;
}

/** A positive duration such as `720h` or `30d`. */
export const positiveDuration: AttributeValidator = (value) => {
  if (typeof value !== "string") return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) return `must be a duration such as "720h", "30d" or "1h30m" (got ${describe(value)})`;
  if (ms <= 0) return `must be longer than zero (got ${describe(value)})`;
  return undefined;
};

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** True when the URL's host is a loopback address, where plain http is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.test(hostname);
}

/** An absolute https URL, or http on a loopback host (the local emulator). */
export const secureUrl: AttributeValidator = (value) => {
  if (typeof value !== "string") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute URL such as "https://app.terraform.io" (got ${describe(value)})`;
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === "http:") return `must use https; plain http is only allowed on a loopback host (got ${describe(value)})`;
  return `must be an http(s) URL (got ${describe(value)})`;
};

/** A bare host name with optional port, as `TFE_HOSTNAME` is (no scheme, no path). */
export const hostname: AttributeValidator = (value) =>
  typeof value === "string" && !/^[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(value)
    ? `must be a host name such as "app.terraform.io", without scheme or path (got ${describe(value)})`
    : undefined;

/**
 * No leading or trailing whitespace: the APIs trim such values, and the stored value would then
 * differ from the configuration on every plan.
 */
export const trimmed: AttributeValidator = (value) =>
  typeof value === "string" && value.trim() !== value
    ? `must not start or end with whitespace (the API trims it, which would show as a change on every plan)`
    : undefined;

/** At least one non-whitespace character; the message never echoes the value, which may be a secret. */
export const nonBlank: AttributeValidator = (value) =>
  typeof value === "string" && value.trim() === "" ? "must not be empty or only whitespace" : undefined;
