/**
 * Readers for decoded JSON that check shapes instead of casting. They throw {@link ShapeError}
 * naming the offending location (never its value, which might be a secret); the HTTP core
 * turns that into a `MalformedResponseError` carrying the request target.
 */

/** A response body did not have the shape a client expects. */
export class ShapeError extends Error {
  override readonly name = "ShapeError";
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as an object, or a {@link ShapeError} naming `where`. */
export function readObject(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ShapeError(`${where} is not an object`);
  return value;
}

/** The value as an array, or a {@link ShapeError} naming `where`. */
export function readArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(`${where} is not an array`);
  return value;
}

/** `object[key]` as a string. */
export function readString(object: Record<string, unknown>, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== "string") throw new ShapeError(`${where}.${key} is not a string`);
  return value;
}

/** `object[key]` as a string, or null when absent or null. */
export function readNullableString(object: Record<string, unknown>, key: string, where: string): string | null {
  const value = object[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ShapeError(`${where}.${key} is not a string`);
  return value;
}

/** `object[key]` as a number. */
export function readNumber(object: Record<string, unknown>, key: string, where: string): number {
  const value = object[key];
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ShapeError(`${where}.${key} is not a number`);
  return value;
}

/** `object[key]` as a number, or null when absent or null. */
export function readNullableNumber(object: Record<string, unknown>, key: string, where: string): number | null {
  const value = object[key];
  if (value === undefined || value === null) return null;
  return readNumber(object, key, where);
}

/** `object[key]` as a boolean, or undefined when absent. */
export function readOptionalBoolean(object: Record<string, unknown>, key: string, where: string): boolean | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new ShapeError(`${where}.${key} is not a boolean`);
  return value;
}
