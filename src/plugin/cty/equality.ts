import type { CtyType } from "../../schema/cty-type";
import { canonicalNumber, sameExactNumber } from "./decimal";
import { sameType } from "./types";
import { isDynamicValue, Unknown, type CtyNumber, type CtyValue, type DynamicValue } from "./values";

type ValueRecord = { readonly [key: string]: CtyValue };
/** Whether two unknowns count as equal: never for cty equality, on identical refinements for {@link sameValue}. */
type UnknownPolicy = (a: Unknown, b: Unknown) => boolean;

/**
 * cty equality of two known values of the given type (what `Value.Equals` returns as true):
 * integers compare exactly and other numbers by their shortest decimal text, so `0.1` equals
 * `BigDecimal("0.1")` and `BigDecimal("1.0")` equals `1`; sets compare regardless of order. An
 * unknown anywhere makes the answer false — not even an unknown equals an unknown.
 */
export function ctyEqual(a: CtyValue, b: CtyValue, type: CtyType): boolean {
  return equalUnder(a, b, type, () => false);
}

/**
 * Like {@link ctyEqual}, but an unknown matches an unknown carrying the same refinement bytes:
 * "the engine would see the same value", as needed when checking that a value passed through unchanged.
 */
export function sameValue(a: CtyValue, b: CtyValue, type: CtyType): boolean {
  return equalUnder(a, b, type, sameRefinementBytes);
}

/** True when there is no unknown anywhere in the value (null counts as known). */
export function isWhollyKnown(value: CtyValue, type: CtyType): boolean {
  return !containsUnknown(value, type);
}

/** True when the value is unknown or has an unknown somewhere inside it. */
export function containsUnknown(value: CtyValue, type: CtyType): boolean {
  if (value instanceof Unknown) return true;
  if (isAbsent(value) || typeof type === "string" && type !== "dynamic") return false;
  if (type === "dynamic") return isDynamicValue(value) && containsUnknown(value.value, value.type);
  switch (type[0]) {
    case "list":
    case "set":
      return (value as readonly CtyValue[]).some((element) => containsUnknown(element, type[1]));
    case "tuple":
      return (value as readonly CtyValue[]).some((element, index) => containsUnknown(element, type[1][index] as CtyType));
    case "map":
      return Object.values(value as ValueRecord).some((element) => containsUnknown(element, type[1]));
    case "object":
      return Object.entries(type[1]).some(([name, attributeType]) => containsUnknown(attributeOf(value as ValueRecord, name), attributeType));
  }
}

/** cty number equality (go-cty `rawNumberEqual`). */
export function numbersEqual(a: CtyNumber, b: CtyNumber): boolean {
  // For two doubles cty's rule comes down to identity (a double has one shortest text).
  if (typeof a === "number" && typeof b === "number") return a === b;
  // An integer never equals a non-integer, so comparing these forms decides both cases.
  return sameExactNumber(canonicalNumber(a), canonicalNumber(b));
}

function equalUnder(a: CtyValue, b: CtyValue, type: CtyType, unknownsMatch: UnknownPolicy): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return a instanceof Unknown && b instanceof Unknown && unknownsMatch(a, b);
  if (isAbsent(a) || isAbsent(b)) return isAbsent(a) && isAbsent(b);
  if (typeof type === "string") {
    switch (type) {
      case "string":
      case "bool":
        return a === b;
      case "number":
        return numbersEqual(a as CtyNumber, b as CtyNumber);
      case "dynamic":
        return dynamicEqual(a as DynamicValue, b as DynamicValue, unknownsMatch);
    }
  }
  switch (type[0]) {
    case "list":
      return sequencesEqual(a as readonly CtyValue[], b as readonly CtyValue[], () => type[1], unknownsMatch);
    case "tuple":
      return sequencesEqual(a as readonly CtyValue[], b as readonly CtyValue[], (index) => type[1][index] as CtyType, unknownsMatch);
    case "set":
      return setsEqual(a as readonly CtyValue[], b as readonly CtyValue[], type[1], unknownsMatch);
    case "map": {
      const keysA = Object.keys(a as ValueRecord);
      const recordB = b as ValueRecord;
      return keysA.length === Object.keys(recordB).length
        && keysA.every((key) => Object.hasOwn(recordB, key) && equalUnder((a as ValueRecord)[key] as CtyValue, recordB[key] as CtyValue, type[1], unknownsMatch));
    }
    case "object":
      return Object.entries(type[1]).every(([name, attributeType]) =>
        equalUnder(attributeOf(a as ValueRecord, name), attributeOf(b as ValueRecord, name), attributeType, unknownsMatch));
  }
}

function dynamicEqual(a: DynamicValue, b: DynamicValue, unknownsMatch: UnknownPolicy): boolean {
  return sameType(a.type, b.type) && equalUnder(a.value, b.value, a.type, unknownsMatch);
}

function sequencesEqual(a: readonly CtyValue[], b: readonly CtyValue[], typeAt: (index: number) => CtyType, unknownsMatch: UnknownPolicy): boolean {
  return a.length === b.length && a.every((element, index) => equalUnder(element, b[index] as CtyValue, typeAt(index), unknownsMatch));
}

/** Sets are equal when each holds an equal of every element of the other (element order is meaningless). */
function setsEqual(a: readonly CtyValue[], b: readonly CtyValue[], elementType: CtyType, unknownsMatch: UnknownPolicy): boolean {
  const covers = (from: readonly CtyValue[], to: readonly CtyValue[]): boolean =>
    from.every((element) => to.some((candidate) => equalUnder(element, candidate, elementType, unknownsMatch)));
  return covers(a, b) && covers(b, a);
}

/** An attribute missing from an object value reads as null. */
function attributeOf(record: ValueRecord, name: string): CtyValue {
  return Object.hasOwn(record, name) ? (record[name] as CtyValue) : null;
}

/**
 * Null, or `undefined` from indexing a record that lacks the key (the compiler types `record[name]`
 * as a value, so callers can pass it straight in).
 */
function isAbsent(value: CtyValue | undefined): value is null | undefined {
  return value === null || value === undefined;
}

function sameRefinementBytes(a: Unknown, b: Unknown): boolean {
  const bytesA = a.refinements ?? new Uint8Array();
  const bytesB = b.refinements ?? new Uint8Array();
  // Payloads of at most one byte all mean "no refinements".
  if (bytesA.length <= 1 && bytesB.length <= 1) return true;
  return Buffer.from(bytesA).equals(Buffer.from(bytesB));
}
