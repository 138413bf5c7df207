import type { CtyType } from "../schema/cty-type";
import type { AttributeSchema } from "../schema/types";
import { AttributeError } from "../plugin/framework/definition";
import { BigDecimal, isUnknown, type CtyValue } from "../plugin/cty/values";

/**
 * The two forms of a value: the framework's (cty numbers as `number` or exact `BigDecimal`,
 * `null` for absent) and the typed form hooks see (`number`, or `bigint` for `attribute.bigint`).
 * Only numbers differ, so the walk is cheap; unknown markers pass through both ways.
 */

type Path = readonly (string | number)[];

/** The typed form of a framework value of `attribute`. */
export function fromWireValue(value: unknown, attribute: Pick<AttributeSchema, "type" | "bigint">, path: Path): unknown {
  if (attribute.bigint) return value === null || value === undefined || isUnknown(value) ? value : toBigInt(value, path);
  return fromWire(value, attribute.type, path);
}

/** The framework form of a typed value of `attribute`; `undefined` (an omitted optional) becomes null. */
export function toWireValue(value: unknown, attribute: Pick<AttributeSchema, "type" | "bigint">, path: Path): CtyValue {
  if (attribute.bigint && typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : new BigDecimal(value.toString());
  return toWire(value, attribute.type, path);
}

function fromWire(value: unknown, type: CtyType, path: Path): unknown {
  if (value === null || value === undefined || isUnknown(value) || typeof type === "string") {
    return type === "number" ? toNumber(value, path) : value;
  }
  const [kind, inner] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(value)) return value.map((element, index) => fromWire(element, inner as CtyType, [...path, index]));
  if (kind === "map" && typeof value === "object") return mapValues(value as Record<string, unknown>, (element, key) => fromWire(element, inner as CtyType, [...path, key]));
  if (kind === "object" && typeof value === "object") {
    return mapValues(value as Record<string, unknown>, (element, key) => fromWire(element, (inner as Record<string, CtyType>)[key] ?? "dynamic", [...path, key]));
  }
  return value;
}

function toWire(value: unknown, type: CtyType, path: Path): CtyValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : new BigDecimal(value.toString());
  if (isUnknown(value) || typeof type === "string") return value as CtyValue;
  const [kind, inner] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(value)) return value.map((element, index) => toWire(element, inner as CtyType, [...path, index]));
  if (kind === "map" && typeof value === "object") return mapValues(value as Record<string, unknown>, (element, key) => toWire(element, inner as CtyType, [...path, key])) as CtyValue;
  if (kind === "object" && typeof value === "object") {
    const fields = inner as Record<string, CtyType>;
    // A nested object carries every attribute; one the hook left out is null.
    const given = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys({ ...fields, ...given }).map((key) => [key, toWire(given[key], fields[key] ?? "dynamic", [...path, key])]));
  }
  return value as CtyValue;
}

function toNumber(value: unknown, path: Path): unknown {
  if (!(value instanceof BigDecimal)) return value;
  const number = Number(value.text);
  // A decimal such as 0.1 is held as the nearest double, as JS does; a whole number must be exact.
  if (/^-?\d+$/.test(value.text) && BigInt(value.text) !== BigInt(Math.trunc(number))) {
    throw new AttributeError(`${describePath(path)} is ${value.text}, which a JS number cannot hold exactly\nDeclare it with attribute.bigint() to receive whole numbers of any size.`, path);
  }
  return number;
}

function toBigInt(value: unknown, path: Path): bigint {
  const text = value instanceof BigDecimal ? value.text : typeof value === "number" || typeof value === "bigint" ? String(value) : undefined;
  if (text === undefined || !/^-?\d+$/.test(text)) throw new AttributeError(`${describePath(path)} must be a whole number (got ${text ?? typeof value})`, path);
  return BigInt(text);
}

function describePath(path: Path): string {
  return path.length === 0 ? "The value" : `"${path.map(String).join(".")}"`;
}

function mapValues(object: Record<string, unknown>, map: (value: unknown, key: string) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value, key)]));
}
