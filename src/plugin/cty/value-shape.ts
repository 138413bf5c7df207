import type { CtyType } from "../../schema/cty-type";
import { CtyValueError, type ValuePathStep } from "./errors";
import { describeType, sortedKeys } from "./types";
import { BigDecimal, isDynamicValue, Unknown, type CtyNumber, type CtyValue, type DynamicValue } from "./values";

/**
 * A known, non-null value checked against its type and laid out for writing: collections as
 * `[child value, child type]` pairs, maps and objects in sorted key order (as go-cty writes them).
 */
export type KnownShape =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "number"; readonly value: CtyNumber }
  | { readonly kind: "dynamic"; readonly value: DynamicValue }
  | { readonly kind: "sequence"; readonly elements: readonly (readonly [CtyValue, CtyType])[] }
  | { readonly kind: "entries"; readonly entries: readonly (readonly [string, CtyValue, CtyType])[] };

type ValueRecord = { readonly [key: string]: CtyValue };

/**
 * Checks a value that is neither null nor unknown against its type, so encoders share one notion
 * of "fits": objects carry exactly their type's attributes, tuples exactly their length. Throws
 * {@link CtyValueError} pointing at `path`.
 */
export function shapeOf(value: CtyValue, type: CtyType, path: readonly ValuePathStep[]): KnownShape {
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof value !== "string") throw mismatch(value, type, path);
        return { kind: "string", value };
      case "bool":
        if (typeof value !== "boolean") throw mismatch(value, type, path);
        return { kind: "bool", value };
      case "number":
        if (typeof value !== "number" && !(value instanceof BigDecimal)) throw mismatch(value, type, path);
        return { kind: "number", value };
      case "dynamic":
        if (!isDynamicValue(value)) throw new CtyValueError(path, "a value of dynamic type must be a DynamicValue ({ type, value })");
        return { kind: "dynamic", value };
    }
  }
  switch (type[0]) {
    case "list":
    case "set":
      return { kind: "sequence", elements: expectArray(value, type, path).map((element) => [element, type[1]] as const) };
    case "tuple": {
      const elements = expectArray(value, type, path);
      if (elements.length !== type[1].length) throw new CtyValueError(path, `a tuple of length ${type[1].length} is required (${elements.length} given)`);
      return { kind: "sequence", elements: elements.map((element, index) => [element, type[1][index] as CtyType] as const) };
    }
    case "map": {
      const record = expectRecord(value, type, path);
      return { kind: "entries", entries: sortedKeys(record).map((key) => [key, record[key] as CtyValue, type[1]] as const) };
    }
    case "object": {
      const record = expectRecord(value, type, path);
      const attributeTypes = type[1];
      const extra = Object.keys(record).find((name) => !Object.hasOwn(attributeTypes, name));
      if (extra !== undefined) throw new CtyValueError([...path, extra], "unsupported attribute");
      const entries = sortedKeys(attributeTypes).map((name) => {
        if (!Object.hasOwn(record, name)) throw new CtyValueError(path, `attribute "${name}" is required (use null for an absent value)`);
        return [name, record[name] as CtyValue, attributeTypes[name] as CtyType] as const;
      });
      return { kind: "entries", entries };
    }
  }
}

function expectArray(value: CtyValue, type: CtyType, path: readonly ValuePathStep[]): readonly CtyValue[] {
  if (!Array.isArray(value)) throw mismatch(value, type, path);
  return value;
}

function expectRecord(value: CtyValue, type: CtyType, path: readonly ValuePathStep[]): ValueRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof BigDecimal || value instanceof Unknown) {
    throw mismatch(value, type, path);
  }
  return value as ValueRecord;
}

function mismatch(value: CtyValue, type: CtyType, path: readonly ValuePathStep[]): CtyValueError {
  const given = Array.isArray(value) ? "an array" : value instanceof BigDecimal ? "a number" : typeof value === "object" ? "an object" : `a ${typeof value}`;
  return new CtyValueError(path, `${describeType(type)} is required (${given} given)`);
}
