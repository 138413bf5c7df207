import type { CtyType } from "../../schema/cty-type";

/**
 * A value not known until apply. `refinements` holds the raw msgpack payload of an ext-12 unknown
 * (nullness, string prefix, bounds) so that it can be passed back to the engine unchanged.
 */
export class Unknown {
  constructor(public readonly refinements?: Uint8Array) {}
}

/** The single plain unknown; refined unknowns are separate instances. */
export const UNKNOWN = new Unknown();

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/**
 * A cty number that a JS `number` cannot hold exactly (an integer beyond 2^53, or a decimal such
 * as `0.1` that the engine sent as text). `text` is the exact decimal form the engine uses.
 */
export class BigDecimal {
  constructor(public readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

export type CtyNumber = number | BigDecimal;

/** A value of `dynamic` type carries its concrete type with it. */
export interface DynamicValue {
  readonly type: CtyType;
  readonly value: CtyValue;
}

/**
 * The JS form of a cty value:
 * - `null` is null of any type, `Unknown` is unknown of any type;
 * - strings, bools and numbers map to JS primitives (`BigDecimal` where a number would lose precision);
 * - lists, sets and tuples are arrays; maps and objects are plain objects (objects carry every attribute);
 * - a value of `dynamic` type is a `DynamicValue`.
 */
export type CtyValue =
  | null
  | Unknown
  | string
  | boolean
  | CtyNumber
  | readonly CtyValue[]
  | { readonly [key: string]: CtyValue }
  | DynamicValue;

/** An object-typed value, as resources and the provider configuration are. */
export type CtyObject = { readonly [attribute: string]: CtyValue };

/** True when `value` has the shape of a {@link DynamicValue} (only meaningful where the type is `dynamic`). */
export function isDynamicValue(value: CtyValue): value is DynamicValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Unknown) && !(value instanceof BigDecimal) && "type" in value && "value" in value;
}
