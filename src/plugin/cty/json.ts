import type { CtyType } from "../../schema/cty-type";
import { canonicalNumber, parseExactNumber, toCtyNumber, toPlainText, type ExactNumber } from "./decimal";
import { CtyValueError, type ValuePathStep } from "./errors";
import { JsonNumberLiteral, JsonSyntaxError, parseJsonPreservingNumbers, type JsonNode } from "./json-parser";
import { decodeUtf8 } from "./msgpack-wire";
import { typeFromJsonValue, typeToJson } from "./types";
import { shapeOf } from "./value-shape";
import { Unknown, type CtyNumber, type CtyValue } from "./values";

type Path = ValuePathStep[];

/**
 * Decodes cty JSON (a `DynamicValue.json`, or `UpgradeResourceState`'s `raw_state.json`) as a
 * value of the given type. Numbers keep full precision. Being the state-upgrade path, it is as
 * lenient as go-cty's JSON decoder and more: an object's missing attributes become null and
 * attributes the type no longer has are dropped; strings, numbers and bools convert as go-cty
 * converts them (`"5"` reads as a number, `true` as the string `"true"`). Throws
 * {@link CtyValueError} when the text is not JSON or does not fit the type.
 */
export function decodeJson(text: string | Uint8Array, type: CtyType): CtyValue {
  let document: JsonNode;
  try {
    document = parseJsonPreservingNumbers(typeof text === "string" ? text : decodeUtf8(text));
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new CtyValueError([], error.message);
    throw error;
  }
  return fromNode(document, type, []);
}

/**
 * Encodes a wholly known value as cty JSON (compact; numbers in plain decimal notation, maps and
 * objects with sorted keys; a dynamic value as `{"value":…,"type":…}`). Throws
 * {@link CtyValueError} for unknowns and infinities, which JSON cannot express.
 */
export function encodeJson(value: CtyValue, type: CtyType): string {
  return toJson(value, type, []);
}

function fromNode(node: JsonNode, type: CtyType, path: Path): CtyValue {
  if (node === null) return null;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof node === "string") return node;
        if (typeof node === "boolean") return String(node);
        if (node instanceof JsonNumberLiteral) return node.text;
        throw new CtyValueError(path, "a string is required");
      case "number":
        return numberFromNode(node, path);
      case "bool":
        if (typeof node === "boolean") return node;
        if (node === "true" || node === "false") return node === "true";
        throw new CtyValueError(path, "a bool is required");
      case "dynamic":
        return dynamicFromNode(node, path);
    }
  }
  switch (type[0]) {
    case "list":
    case "set":
      return expectArray(node, type[0], path).map((element, index) => fromNode(element, type[1], [...path, index]));
    case "tuple": {
      const elements = expectArray(node, "tuple", path);
      if (elements.length !== type[1].length) throw new CtyValueError(path, `a tuple of length ${type[1].length} is required (${elements.length} given)`);
      return elements.map((element, index) => fromNode(element, type[1][index] as CtyType, [...path, index]));
    }
    case "map":
      return Object.fromEntries([...expectObject(node, "map", path)].map(([key, entry]) => [key, fromNode(entry, type[1], [...path, key])]));
    case "object": {
      const members = expectObject(node, "object", path);
      // Missing attributes read as null and unknown members are ignored: stored state may predate the schema.
      return Object.fromEntries(Object.entries(type[1]).map(([name, attributeType]) => {
        const member = members.get(name);
        return [name, member === undefined ? null : fromNode(member, attributeType, [...path, name])];
      }));
    }
  }
}

function numberFromNode(node: JsonNode, path: Path): CtyNumber {
  const text = node instanceof JsonNumberLiteral ? node.text : typeof node === "string" ? node : undefined;
  const parsed = text === undefined ? undefined : parseExactNumber(text);
  if (parsed === undefined) throw new CtyValueError(path, "a number is required");
  return toCtyNumber(parsed);
}

function dynamicFromNode(node: JsonNode, path: Path): CtyValue {
  const members = expectObject(node, "dynamically-typed value", path);
  const unexpected = [...members.keys()].find((key) => key !== "type" && key !== "value");
  if (unexpected !== undefined) throw new CtyValueError(path, `invalid key "${unexpected}" in dynamically-typed value`);
  const typeNode = members.get("type");
  const valueNode = members.get("value");
  if (typeNode === undefined) throw new CtyValueError(path, "missing type in dynamically-typed value");
  if (valueNode === undefined) throw new CtyValueError(path, "missing value in dynamically-typed value");
  let concreteType: CtyType;
  try {
    concreteType = typeFromJsonValue(plainTypeDescription(typeNode));
  } catch (error) {
    throw new CtyValueError(path, (error as Error).message);
  }
  return { type: concreteType, value: fromNode(valueNode, concreteType, path) };
}

/** A type description as ordinary JSON data (type descriptions contain no numbers). */
function plainTypeDescription(node: JsonNode): unknown {
  if (node instanceof Map) return Object.fromEntries([...node].map(([key, member]) => [key, plainTypeDescription(member)]));
  if (Array.isArray(node)) return node.map(plainTypeDescription);
  return node instanceof JsonNumberLiteral ? Number(node.text) : node;
}

function expectArray(node: JsonNode, what: string, path: Path): readonly JsonNode[] {
  if (!Array.isArray(node)) throw new CtyValueError(path, `a JSON array is required for a ${what}`);
  return node;
}

function expectObject(node: JsonNode, what: string, path: Path): ReadonlyMap<string, JsonNode> {
  if (!(node instanceof Map)) throw new CtyValueError(path, `a JSON object is required for a ${what}`);
  return node;
}

function toJson(value: CtyValue, type: CtyType, path: Path): string {
  if (value === null) return "null";
  if (value instanceof Unknown) throw new CtyValueError(path, "an unknown value cannot be written as JSON");
  const shape = shapeOf(value, type, path);
  switch (shape.kind) {
    case "string":
      return JSON.stringify(shape.value);
    case "bool":
      return String(shape.value);
    case "number":
      return numberText(shape.value, path);
    case "dynamic":
      return `{"value":${toJson(shape.value.value, shape.value.type, path)},"type":${typeToJson(shape.value.type)}}`;
    case "sequence":
      return `[${shape.elements.map(([element, elementType], index) => toJson(element, elementType, [...path, index])).join(",")}]`;
    case "entries":
      return `{${shape.entries.map(([key, entry, entryType]) => `${JSON.stringify(key)}:${toJson(entry, entryType, [...path, key])}`).join(",")}}`;
  }
}

/**
 * Plain notation, as go-cty's `Text('f', -1)`: the shortest digits for a fraction, but every digit
 * of an integer, so that an integral double beyond 2^53 reads back as the same integer.
 */
function numberText(value: CtyNumber, path: Path): string {
  let decimal: ExactNumber;
  try {
    decimal = canonicalNumber(value);
  } catch (error) {
    throw new CtyValueError(path, (error as Error).message);
  }
  if (typeof decimal === "number") throw new CtyValueError(path, "an infinite number cannot be written as JSON");
  return toPlainText(decimal);
}
