import { CtyValueError } from "./errors";
import { readCtyNumber } from "./msgpack-number";
import { decodeUtf8, MsgpackFormatError, MsgpackReader, type MsgpackItem } from "./msgpack-wire";
import type { CtyNumber, Unknown } from "./values";

/** A bound on an unknown number. */
export interface NumberBound {
  readonly value: CtyNumber;
  readonly inclusive: boolean;
}

/** What the engine promised about an unknown value (go-cty's refinement keys 1–6). */
export interface Refinements {
  /** `true` when the value is definitely not null. */
  readonly notNull?: boolean;
  readonly stringPrefix?: string;
  readonly numberLower?: NumberBound;
  readonly numberUpper?: NumberBound;
  readonly lengthMin?: number;
  readonly lengthMax?: number;
}

const NULLNESS = 1;
const STRING_PREFIX = 2;
const NUMBER_LOWER = 3;
const NUMBER_UPPER = 4;
const LENGTH_MIN = 5;
const LENGTH_MAX = 6;

/**
 * Reads the refinements an unknown carries; a plain unknown has none. Unrecognised keys are
 * skipped, as go-cty does, so newer engines stay compatible. Throws {@link CtyValueError} when the
 * payload is not a refinement map.
 */
export function parseRefinements(unknown: Unknown): Refinements {
  const payload = unknown.refinements;
  if (payload === undefined || payload.length <= 1) return {};
  try {
    return readRefinementMap(new MsgpackReader(payload));
  } catch (error) {
    if (error instanceof MsgpackFormatError) throw new CtyValueError([], `malformed unknown value refinements: ${error.message}`);
    throw error;
  }
}

function readRefinementMap(reader: MsgpackReader): Refinements {
  const header = reader.readItem();
  if (header.kind !== "map") throw invalid("not a map");
  const refinements: { -readonly [K in keyof Refinements]: Refinements[K] } = {};
  for (let entry = 0; entry < header.length; entry++) {
    const key = reader.readItem();
    if (key.kind !== "int") throw invalid("non-integer key in map");
    switch (key.value) {
      case NULLNESS:
        refinements.notNull = !expectBool(reader.readItem(), "null refinement is not boolean");
        break;
      case STRING_PREFIX: {
        const prefix = reader.readItem();
        if (prefix.kind !== "str") throw invalid("string prefix refinement is not a string");
        refinements.stringPrefix = decodeUtf8(prefix.bytes);
        break;
      }
      case NUMBER_LOWER:
        refinements.numberLower = readNumberBound(reader);
        break;
      case NUMBER_UPPER:
        refinements.numberUpper = readNumberBound(reader);
        break;
      case LENGTH_MIN:
        refinements.lengthMin = readLength(reader.readItem());
        break;
      case LENGTH_MAX:
        refinements.lengthMax = readLength(reader.readItem());
        break;
      default:
        reader.skipItem();
    }
  }
  return refinements;
}

function readNumberBound(reader: MsgpackReader): NumberBound {
  const header = reader.readItem();
  if (header.kind !== "array" || header.length !== 2) throw invalid("number bound refinement must be a [number, bool] array");
  const value = readCtyNumber(reader.readItem());
  if (value === undefined) throw invalid("number bound refinement must be a [number, bool] array");
  return { value, inclusive: expectBool(reader.readItem(), "number bound refinement must be a [number, bool] array") };
}

function readLength(item: MsgpackItem): number {
  if (item.kind !== "int" || typeof item.value !== "number" || item.value < 0) throw invalid("length bound refinement must be a non-negative integer");
  return item.value;
}

function expectBool(item: MsgpackItem, problem: string): boolean {
  if (item.kind !== "bool") throw invalid(problem);
  return item.value;
}

function invalid(problem: string): CtyValueError {
  return new CtyValueError([], `malformed unknown value refinements: ${problem}`);
}
