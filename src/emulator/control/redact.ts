/** Body keys whose string values are credentials in one of the emulated APIs. */
const SECRET_KEYS: ReadonlySet<string> = new Set(["token", "apiToken", "authToken", "clientSecret", "accessToken", "refreshToken"]);

/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

/** A deep copy of a JSON value with every credential-valued key replaced by {@link REDACTED}. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    copy[key] = SECRET_KEYS.has(key) && typeof entry === "string" ? REDACTED : redactSecrets(entry);
  }
  return copy;
}
