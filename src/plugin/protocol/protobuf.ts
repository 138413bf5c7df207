/**
 * A proto3 codec driven by TypeScript descriptor constants: no .proto parsing and no generated
 * code at startup, because the engine launches the plugin several times per command.
 *
 * JS shape of a message: an object keyed by the proto field names exactly as written in the
 * .proto (snake_case, `Error` stays capitalised).
 * - Decoding fills proto3 defaults: 0, false, "", an empty Buffer, [] and {}; a singular message
 *   field that is absent stays absent (undefined), as does a field with explicit presence.
 * - Encoding omits default scalars (proto3), except for fields with explicit presence (oneof
 *   members, proto3 `optional`), which are written whenever they are not undefined: a oneof
 *   selector such as `element_key_int: 0` must reach the engine.
 * - int64/uint64 decode to a JS number when it is a safe integer and to a bigint otherwise. The
 *   tfplugin6 int64 fields (schema versions, min/max items, list indexes) are small in practice,
 *   so handlers almost always see plain numbers, yet no value is ever silently rounded.
 * - Enums are plain numbers; unknown enum values are kept as they are (proto3 open enums).
 * - Unknown fields are skipped.
 */

/** The scalar field types the tfplugin6 and go-plugin messages use; enums are int32 on the wire. */
export type ScalarType = "int32" | "int64" | "uint32" | "uint64" | "bool" | "enum" | "string" | "bytes";

/** A message type, or a thunk to one: thunks let descriptors refer to each other in cycles. */
export type MessageRef = () => MessageDescriptor;

/** One field of a message, as declared in its .proto. */
export interface FieldDescriptor {
  readonly number: number;
  readonly name: string;
  readonly type: ScalarType | MessageRef;
  /**
   * `repeated`; `map` (string keys; `type` is the value type); `presence` for oneof members and
   * proto3 `optional`. Absent for a plain singular field.
   */
  readonly rule?: "repeated" | "map" | "presence";
}

/** A message type: its fields, in any order. */
export interface MessageDescriptor {
  /** Fully qualified name, for error messages. */
  readonly name: string;
  readonly fields: readonly FieldDescriptor[];
}

/** int64/uint64 as decoded: a number when exact, else a bigint. */
export type Int64 = number | bigint;

/** A decoded or encodable message. Field values are typed by the descriptor-specific interfaces. */
export type ProtoMessage = object;

/** Thrown for malformed input bytes or a JS value that does not fit the descriptor. */
export class ProtobufError extends Error {
  override readonly name = "ProtobufError";
}

/** Wire types; proto3 has no groups (3, 4), so they are rejected like any unknown type. */
const WIRE = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

/** Encodes `value` as the message described by `descriptor`. */
export function encodeMessage(descriptor: MessageDescriptor, value: ProtoMessage): Buffer {
  const writer = new Writer();
  writeMessage(writer, descriptor, value as Record<string, unknown>);
  return writer.finish();
}

/** Decodes one whole message; throws {@link ProtobufError} on malformed input. */
export function decodeMessage<T extends ProtoMessage = ProtoMessage>(descriptor: MessageDescriptor, bytes: Uint8Array): T {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return readMessage(new Reader(buffer), descriptor, buffer.length) as T;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** A growable output buffer. */
class Writer {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  varint(value: number | bigint): void {
    this.reserve(10);
    if (typeof value === "number" && value >= 0 && value <= Number.MAX_SAFE_INTEGER) {
      let rest = value;
      while (rest > 0x7f) {
        this.buffer[this.length++] = (rest % 0x80) | 0x80;
        rest = Math.floor(rest / 0x80);
      }
      this.buffer[this.length++] = rest;
      return;
    }
    // Negative values are written as their 64-bit two's complement, as protobuf requires.
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest > 0x7fn) {
      this.buffer[this.length++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.length++] = Number(rest);
  }

  tag(fieldNumber: number, wireType: number): void {
    this.varint(fieldNumber * 8 + wireType);
  }

  lengthDelimited(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  string(text: string): void {
    const byteLength = Buffer.byteLength(text, "utf8");
    this.varint(byteLength);
    this.reserve(byteLength);
    this.length += this.buffer.write(text, this.length, byteLength, "utf8");
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function writeMessage(writer: Writer, descriptor: MessageDescriptor, value: Record<string, unknown>): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtobufError(`${descriptor.name}: expected an object`);
  }
  const fields = fieldsByName(descriptor);
  for (const key of Object.keys(value)) {
    if (!fields.has(key)) throw new ProtobufError(`${descriptor.name} has no field named ${JSON.stringify(key)}`);
  }
  for (const field of descriptor.fields) {
    const fieldValue = value[field.name];
    if (fieldValue === undefined || fieldValue === null) continue;
    const where = `${descriptor.name}.${field.name}`;
    switch (field.rule) {
      case "repeated":
        if (!Array.isArray(fieldValue)) throw new ProtobufError(`${where}: expected an array`);
        writeRepeated(writer, field, fieldValue, where);
        break;
      case "map":
        if (typeof fieldValue !== "object" || Array.isArray(fieldValue)) throw new ProtobufError(`${where}: expected an object used as a map`);
        for (const [key, entryValue] of Object.entries(fieldValue as Record<string, unknown>)) {
          writer.tag(field.number, WIRE.lengthDelimited);
          const entry = new Writer();
          entry.tag(1, WIRE.lengthDelimited);
          entry.string(key);
          writeSingle(entry, 2, field.type, entryValue, `${where}[${JSON.stringify(key)}]`);
          writer.lengthDelimited(entry.finish());
        }
        break;
      case "presence":
        writeSingle(writer, field.number, field.type, fieldValue, where);
        break;
      default:
        if (!isDefaultScalar(field.type, fieldValue)) writeSingle(writer, field.number, field.type, fieldValue, where);
    }
  }
}

function writeRepeated(writer: Writer, field: FieldDescriptor, values: readonly unknown[], where: string): void {
  if (values.length === 0) return;
  if (typeof field.type === "string" && wireTypeOf(field.type) === WIRE.varint) {
    // proto3 packs repeated numeric fields.
    const packed = new Writer();
    values.forEach((element, index) => writeScalarPayload(packed, field.type as ScalarType, element, `${where}[${index}]`));
    writer.tag(field.number, WIRE.lengthDelimited);
    writer.lengthDelimited(packed.finish());
    return;
  }
  values.forEach((element, index) => writeSingle(writer, field.number, field.type, element, `${where}[${index}]`));
}

function writeSingle(writer: Writer, fieldNumber: number, type: ScalarType | MessageRef, value: unknown, where: string): void {
  if (typeof type === "function") {
    const nested = new Writer();
    writeMessage(nested, type(), value as Record<string, unknown>);
    writer.tag(fieldNumber, WIRE.lengthDelimited);
    writer.lengthDelimited(nested.finish());
    return;
  }
  writer.tag(fieldNumber, wireTypeOf(type));
  writeScalarPayload(writer, type, value, where);
}

function writeScalarPayload(writer: Writer, type: ScalarType, value: unknown, where: string): void {
  switch (type) {
    case "string":
      if (typeof value !== "string") throw new ProtobufError(`${where}: expected a string`);
      writer.string(value);
      return;
    case "bytes":
      if (!(value instanceof Uint8Array)) throw new ProtobufError(`${where}: expected a Buffer or Uint8Array`);
      writer.lengthDelimited(value);
      return;
    case "bool":
      if (typeof value !== "boolean") throw new ProtobufError(`${where}: expected a boolean`);
      writer.varint(value ? 1 : 0);
      return;
    default:
      writer.varint(checkedInteger(type, value, where));
  }
}

const INTEGER_RANGE: Record<Exclude<ScalarType, "string" | "bytes" | "bool">, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  enum: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

function checkedInteger(type: keyof typeof INTEGER_RANGE, value: unknown, where: string): number | bigint {
  const [min, max] = INTEGER_RANGE[type];
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    if (value < min || value > max) throw new ProtobufError(`${where}: out of range for ${type}`);
    return value;
  }
  if (typeof value === "bigint") {
    if (value < min || value > max) throw new ProtobufError(`${where}: out of range for ${type}`);
    return value;
  }
  throw new ProtobufError(`${where}: expected an integer for ${type}`);
}

function isDefaultScalar(type: ScalarType | MessageRef, value: unknown): boolean {
  if (typeof type === "function") return false;
  switch (type) {
    case "string":
      return value === "";
    case "bytes":
      return value instanceof Uint8Array && value.length === 0;
    case "bool":
      return value === false;
    default:
      return value === 0 || value === 0n;
  }
}

function wireTypeOf(type: ScalarType): number {
  return type === "string" || type === "bytes" ? WIRE.lengthDelimited : WIRE.varint;
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Reader {
  position = 0;
  constructor(readonly buffer: Buffer) {}

  /** A varint as a number when it has at most 7 groups (49 bits), else as a bigint. */
  varint(): number | bigint {
    let result = 0;
    for (let shift = 0; shift < 49; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
    let big = BigInt(result);
    for (let shift = 49n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      big |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, big);
    }
    throw new ProtobufError("Malformed varint: more than 10 bytes");
  }

  /** A length that must fit in the rest of `limit`. */
  length(limit: number): number {
    const length = this.varint();
    if (typeof length === "bigint" || this.position + length > limit) throw new ProtobufError("Truncated message: length exceeds the input");
    return length;
  }

  /** Reads a length prefix and returns where the value it announces ends. */
  submessageEnd(limit: number): number {
    const length = this.length(limit);
    return this.position + length;
  }

  bytes(limit: number): Buffer {
    const length = this.length(limit);
    const start = this.position;
    this.position += length;
    return this.buffer.subarray(start, this.position);
  }

  skip(wireType: number, limit: number): void {
    switch (wireType) {
      case WIRE.varint:
        this.varint();
        return;
      case WIRE.fixed64:
        this.advance(8, limit);
        return;
      case WIRE.fixed32:
        this.advance(4, limit);
        return;
      case WIRE.lengthDelimited:
        this.advance(this.length(limit), limit);
        return;
      default:
        throw new ProtobufError(`Unsupported wire type ${wireType}`);
    }
  }

  private advance(count: number, limit: number): void {
    if (this.position + count > limit) throw new ProtobufError("Truncated message: field exceeds the input");
    this.position += count;
  }

  private byte(): number {
    if (this.position >= this.buffer.length) throw new ProtobufError("Truncated message: input ends inside a varint");
    return this.buffer[this.position++];
  }
}

/** Reads fields up to `limit` into `message`, which starts as the defaults or an earlier occurrence. */
function readMessage(reader: Reader, descriptor: MessageDescriptor, limit: number, message: Record<string, unknown> = defaults(descriptor)): Record<string, unknown> {
  const fields = fieldsByNumber(descriptor);
  while (reader.position < limit) {
    const key = reader.varint();
    if (typeof key === "bigint") throw new ProtobufError(`${descriptor.name}: field key out of range`);
    const fieldNumber = Math.floor(key / 8);
    const wireType = key % 8;
    if (fieldNumber === 0) throw new ProtobufError(`${descriptor.name}: invalid field number 0`);
    const field = fields.get(fieldNumber);
    if (field === undefined) {
      reader.skip(wireType, limit);
      continue;
    }
    const where = `${descriptor.name}.${field.name}`;
    switch (field.rule) {
      case "repeated":
        (message[field.name] as unknown[]).push(...readRepeated(reader, field, wireType, limit, where));
        break;
      case "map": {
        const [entryKey, entryValue] = readMapEntry(reader, field, wireType, limit, where);
        Object.defineProperty(message[field.name], entryKey, { value: entryValue, enumerable: true, writable: true, configurable: true });
        break;
      }
      default:
        message[field.name] = readSingle(reader, field.type, wireType, limit, where, message[field.name]);
    }
  }
  if (reader.position !== limit) throw new ProtobufError(`${descriptor.name}: truncated message`);
  return message;
}

function readRepeated(reader: Reader, field: FieldDescriptor, wireType: number, limit: number, where: string): unknown[] {
  if (typeof field.type === "string" && wireTypeOf(field.type) === WIRE.varint && wireType === WIRE.lengthDelimited) {
    const end = reader.submessageEnd(limit);
    const values: unknown[] = [];
    while (reader.position < end) values.push(scalarFromVarint(field.type, reader.varint()));
    if (reader.position !== end) throw new ProtobufError(`${where}: packed field overruns its length`);
    return values;
  }
  return [readSingle(reader, field.type, wireType, limit, where, undefined)];
}

function readMapEntry(reader: Reader, field: FieldDescriptor, wireType: number, limit: number, where: string): [string, unknown] {
  expectWireType(wireType, WIRE.lengthDelimited, where);
  const end = reader.submessageEnd(limit);
  let key = "";
  let value: unknown;
  while (reader.position < end) {
    const tag = reader.varint();
    if (typeof tag === "bigint") throw new ProtobufError(`${where}: map entry key out of range`);
    const entryWireType = tag % 8;
    const entryField = Math.floor(tag / 8);
    if (entryField === 1) {
      expectWireType(entryWireType, WIRE.lengthDelimited, where);
      key = reader.bytes(end).toString("utf8");
    } else if (entryField === 2) {
      value = readSingle(reader, field.type, entryWireType, end, where, value);
    } else {
      reader.skip(entryWireType, end);
    }
  }
  if (reader.position !== end) throw new ProtobufError(`${where}: truncated map entry`);
  return [key, value === undefined ? defaultOf(field.type) : value];
}

function readSingle(reader: Reader, type: ScalarType | MessageRef, wireType: number, limit: number, where: string, previous: unknown): unknown {
  if (typeof type === "function") {
    expectWireType(wireType, WIRE.lengthDelimited, where);
    const end = reader.submessageEnd(limit);
    // A repeated occurrence of a singular message field merges into the earlier one (proto3 rule).
    return readMessage(reader, type(), end, previous === undefined ? undefined : (previous as Record<string, unknown>));
  }
  expectWireType(wireType, wireTypeOf(type), where);
  switch (type) {
    case "string":
      return reader.bytes(limit).toString("utf8");
    case "bytes":
      return reader.bytes(limit);
    default:
      return scalarFromVarint(type, reader.varint());
  }
}

function scalarFromVarint(type: ScalarType, raw: number | bigint): unknown {
  switch (type) {
    case "bool":
      return raw !== 0;
    case "int32":
    case "enum":
      return typeof raw === "bigint" ? Number(BigInt.asIntN(32, raw)) : raw | 0;
    case "uint32":
      return typeof raw === "bigint" ? Number(BigInt.asUintN(32, raw)) : raw >>> 0;
    case "int64":
      return typeof raw === "bigint" ? narrow(BigInt.asIntN(64, raw)) : raw;
    case "uint64":
      return typeof raw === "bigint" ? narrow(raw) : raw;
    default:
      throw new ProtobufError(`${type} is not a varint type`);
  }
}

function narrow(value: bigint): Int64 {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function expectWireType(actual: number, expected: number, where: string): void {
  if (actual !== expected) throw new ProtobufError(`${where}: wire type ${actual} where ${expected} was expected`);
}

function defaults(descriptor: MessageDescriptor): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  for (const field of descriptor.fields) {
    if (field.rule === "repeated") message[field.name] = [];
    // Map keys come from the wire, so the object has no prototype whose keys they could shadow.
    else if (field.rule === "map") message[field.name] = Object.create(null);
    else if (field.rule !== "presence" && typeof field.type === "string") message[field.name] = defaultOf(field.type);
  }
  return message;
}

function defaultOf(type: ScalarType | MessageRef): unknown {
  if (typeof type === "function") return defaults(type());
  switch (type) {
    case "string":
      return "";
    case "bytes":
      return Buffer.alloc(0);
    case "bool":
      return false;
    default:
      return 0;
  }
}

// Field lookups are built once per descriptor.
const byName = new WeakMap<MessageDescriptor, ReadonlySet<string>>();
const byNumber = new WeakMap<MessageDescriptor, ReadonlyMap<number, FieldDescriptor>>();

function fieldsByName(descriptor: MessageDescriptor): ReadonlySet<string> {
  let names = byName.get(descriptor);
  if (!names) {
    names = new Set(descriptor.fields.map((field) => field.name));
    byName.set(descriptor, names);
  }
  return names;
}

function fieldsByNumber(descriptor: MessageDescriptor): ReadonlyMap<number, FieldDescriptor> {
  let numbers = byNumber.get(descriptor);
  if (!numbers) {
    numbers = new Map(descriptor.fields.map((field) => [field.number, field]));
    byNumber.set(descriptor, numbers);
  }
  return numbers;
}

// ---------------------------------------------------------------------------------------------
// Descriptor helpers

/** A field descriptor, written as in the .proto: number, name, type, then the rule if any. */
export function field(number: number, name: string, type: ScalarType | MessageRef, rule?: FieldDescriptor["rule"]): FieldDescriptor {
  return rule === undefined ? { number, name, type } : { number, name, type, rule };
}

/** A message descriptor from its fully qualified name and fields. */
export function message(name: string, ...fields: readonly FieldDescriptor[]): MessageDescriptor {
  return { name, fields };
}
