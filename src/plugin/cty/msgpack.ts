import type { CtyPrimitiveType, CtyType } from "../../schema/cty-type";
import { CtyValueError, type ValuePathStep } from "./errors";
import { readCtyNumber, writeCtyNumber } from "./msgpack-number";
import { decodeUtf8, MsgpackFormatError, MsgpackReader, MsgpackWriter, type MsgpackItem } from "./msgpack-wire";
import { parseRefinements, type Refinements } from "./refinements";
import { describeType, typeFromJson, typeToJsonBytes } from "./types";
import { shapeOf } from "./value-shape";
import { Unknown, UNKNOWN, type CtyValue } from "./values";

/** The wholly unknown value as go-cty writes it: fixext1, extension type 0, one zero byte. */
const PLAIN_UNKNOWN_EXT_TYPE = 0;
const PLAIN_UNKNOWN_PAYLOAD = new Uint8Array([0]);
/** go-cty's extension type for an unknown whose payload is a refinement map. */
const REFINED_UNKNOWN_EXT_TYPE = 12;
/** go-cty refuses larger refinement payloads as abusive. */
const MAX_REFINEMENT_BYTES = 1024;

type Path = ValuePathStep[];
type ValueRecord = { readonly [key: string]: CtyValue };

/**
 * Encodes a value of the given type as go-cty's msgpack (the `msgpack` field of a tfplugin6
 * `DynamicValue`). Objects must carry every attribute of their type and nothing else. Throws
 * {@link CtyValueError} with the path of the first part that does not fit the type.
 */
export function encodeMsgpack(value: CtyValue, type: CtyType): Buffer {
  const writer = new MsgpackWriter();
  writeValue(writer, value, type, []);
  return writer.toBuffer();
}

/**
 * Decodes go-cty msgpack as a value of the given type; the type decides how numbers and
 * dynamic values are read, so nothing is rounded. Throws {@link CtyValueError} when the bytes are
 * malformed or do not fit the type.
 */
export function decodeMsgpack(bytes: Uint8Array, type: CtyType): CtyValue {
  const reader = new MsgpackReader(bytes);
  try {
    const value = readValue(reader, type, []);
    if (!reader.atEnd) throw new CtyValueError([], "unexpected bytes after the value");
    return value;
  } catch (error) {
    if (error instanceof MsgpackFormatError) throw new CtyValueError([], error.message);
    throw error;
  }
}

function writeValue(writer: MsgpackWriter, value: CtyValue, type: CtyType, path: Path): void {
  if (value === null) return writer.writeNil();
  if (value instanceof Unknown) return writeUnknown(writer, value, type);
  const shape = shapeOf(value, type, path);
  switch (shape.kind) {
    case "string":
      return writer.writeString(shape.value);
    case "bool":
      return writer.writeBool(shape.value);
    case "number":
      try {
        return writeCtyNumber(writer, shape.value);
      } catch (error) {
        throw new CtyValueError(path, (error as Error).message);
      }
    case "dynamic":
      writer.writeArrayHeader(2);
      writer.writeBinary(typeToJsonBytes(shape.value.type));
      return writeValue(writer, shape.value.value, shape.value.type, path);
    case "sequence":
      writer.writeArrayHeader(shape.elements.length);
      shape.elements.forEach(([element, elementType], index) => writeValue(writer, element, elementType, [...path, index]));
      return;
    case "entries":
      writer.writeMapHeader(shape.entries.length);
      for (const [key, entry, entryType] of shape.entries) {
        writer.writeString(key);
        writeValue(writer, entry, entryType, [...path, key]);
      }
  }
}

function writeUnknown(writer: MsgpackWriter, unknown: Unknown, type: CtyType): void {
  // go-cty never refines an unknown of dynamic type, and an empty refinement map is written plain.
  const payload = unknown.refinements;
  if (type === "dynamic" || payload === undefined || payload.length <= 1) {
    return writer.writeExtension(PLAIN_UNKNOWN_EXT_TYPE, PLAIN_UNKNOWN_PAYLOAD);
  }
  writer.writeExtension(REFINED_UNKNOWN_EXT_TYPE, payload);
}

function readValue(reader: MsgpackReader, type: CtyType, path: Path): CtyValue {
  const item = reader.readItem();
  // Any extension is an unknown, whatever the type (go-cty has no other extensions).
  if (item.kind === "ext") return unknownFromExtension(item, type, path);
  if (item.kind === "nil") return null;
  if (typeof type === "string") return readPrimitiveOrDynamic(reader, item, type, path);
  switch (type[0]) {
    case "list":
    case "set":
      return readElements(reader, expectLength(item, "array", type, path), () => type[1], path);
    case "tuple": {
      const length = expectLength(item, "array", type, path);
      if (length !== type[1].length) throw new CtyValueError(path, `a tuple of length ${type[1].length} is required (${length} given)`);
      return readElements(reader, length, (index) => type[1][index] as CtyType, path);
    }
    case "map":
      return readEntries(reader, expectLength(item, "map", type, path), () => type[1], path);
    case "object": {
      const attributeTypes = type[1];
      const expected = Object.keys(attributeTypes).length;
      const length = expectLength(item, "map", type, path);
      if (length !== expected) throw new CtyValueError(path, `an object with ${expected} attributes is required (${length} given)`);
      return readEntries(reader, length, (name) => {
        if (!Object.hasOwn(attributeTypes, name)) throw new CtyValueError([...path, name], "unsupported attribute");
        return attributeTypes[name] as CtyType;
      }, path);
    }
  }
}

function readPrimitiveOrDynamic(reader: MsgpackReader, item: MsgpackItem, type: CtyPrimitiveType, path: Path): CtyValue {
  switch (type) {
    case "string":
      if (item.kind !== "str" && item.kind !== "bin") throw new CtyValueError(path, "a string is required");
      return decodeUtf8(item.bytes);
    case "bool":
      if (item.kind !== "bool") throw new CtyValueError(path, "a bool is required");
      return item.value;
    case "number": {
      const number = readCtyNumber(item);
      if (number === undefined) throw new CtyValueError(path, "a number is required");
      return number;
    }
    case "dynamic": {
      if (item.kind !== "array" || item.length !== 2) throw new CtyValueError(path, "dynamic value array must have exactly two elements");
      const typeItem = reader.readItem();
      if (typeItem.kind !== "bin" && typeItem.kind !== "str") throw new CtyValueError(path, "the type of a dynamic value must be JSON bytes");
      let concreteType: CtyType;
      try {
        concreteType = typeFromJson(decodeUtf8(typeItem.bytes));
      } catch (error) {
        throw new CtyValueError(path, (error as Error).message);
      }
      return { type: concreteType, value: readValue(reader, concreteType, path) };
    }
  }
}

function unknownFromExtension(item: MsgpackItem & { kind: "ext" }, type: CtyType, path: Path): Unknown {
  const { extType, payload } = item;
  if (payload.length <= 1) return UNKNOWN;
  if (extType !== REFINED_UNKNOWN_EXT_TYPE) {
    throw new CtyValueError(path, `unsupported extension type 0x${(extType & 0xff).toString(16).padStart(2, "0")} with len ${payload.length}`);
  }
  if (payload.length > MAX_REFINEMENT_BYTES) throw new CtyValueError(path, "oversize unknown value refinement");
  const unknown = new Unknown(payload.slice());
  let refinements: Refinements;
  try {
    refinements = parseRefinements(unknown);
  } catch (error) {
    throw new CtyValueError(path, (error as Error).message);
  }
  // go-cty ignores refinements on an unknown of dynamic type rather than failing.
  if (type === "dynamic") return UNKNOWN;
  checkRefinementsFit(refinements, type, path);
  return unknown;
}

/** Rejects refinements that cannot apply to the type, as go-cty's decoder does. */
function checkRefinementsFit(refinements: Refinements, type: CtyType, path: Path): void {
  const isCollection = typeof type !== "string" && (type[0] === "list" || type[0] === "set" || type[0] === "map");
  if (refinements.stringPrefix !== undefined && type !== "string") throw new CtyValueError(path, "string prefix refinement for non-string type");
  if ((refinements.numberLower ?? refinements.numberUpper) !== undefined && type !== "number") throw new CtyValueError(path, "numeric bound refinement for non-number type");
  if ((refinements.lengthMin ?? refinements.lengthMax) !== undefined && !isCollection) throw new CtyValueError(path, "length bound refinement for non-collection type");
}

function readElements(reader: MsgpackReader, length: number, typeAt: (index: number) => CtyType, path: Path): CtyValue[] {
  const elements: CtyValue[] = [];
  for (let index = 0; index < length; index++) elements.push(readValue(reader, typeAt(index), [...path, index]));
  return elements;
}

function readEntries(reader: MsgpackReader, length: number, typeOf: (key: string) => CtyType, path: Path): ValueRecord {
  const entries = new Map<string, CtyValue>();
  for (let index = 0; index < length; index++) {
    const keyItem = reader.readItem();
    if (keyItem.kind !== "str" && keyItem.kind !== "bin") throw new CtyValueError(path, "all keys must be strings");
    const key = decodeUtf8(keyItem.bytes);
    if (entries.has(key)) throw new CtyValueError([...path, key], "duplicate key");
    entries.set(key, readValue(reader, typeOf(key), [...path, key]));
  }
  // fromEntries defines own properties, so keys such as "__proto__" stay ordinary keys.
  return Object.fromEntries(entries);
}

function expectLength(item: MsgpackItem, kind: "array" | "map", type: CtyType, path: Path): number {
  if ((item.kind === "array" || item.kind === "map") && item.kind === kind) return item.length;
  throw new CtyValueError(path, `${describeType(type)} is required`);
}
