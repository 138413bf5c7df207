/**
 * The msgpack format itself, without any cty meaning: one item header at a time on the way in,
 * the most compact encoding of each item on the way out (as vmihailenco/msgpack, which cty uses, writes).
 */

/** One msgpack item as read from the wire; containers report only their length, their items follow. */
export type MsgpackItem =
  | { readonly kind: "nil" }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "int"; readonly value: number | bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "str"; readonly bytes: Uint8Array }
  | { readonly kind: "bin"; readonly bytes: Uint8Array }
  | { readonly kind: "array"; readonly length: number }
  | { readonly kind: "map"; readonly length: number }
  | { readonly kind: "ext"; readonly extType: number; readonly payload: Uint8Array };

/** Thrown for bytes that are not well-formed msgpack. */
export class MsgpackFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MsgpackFormatError";
  }
}

/** Reads msgpack items from a byte array, front to back. */
export class MsgpackReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** True once every byte has been consumed. */
  get atEnd(): boolean {
    return this.offset === this.bytes.length;
  }

  /** Reads the next item's header (and its payload, for str, bin and ext). */
  readItem(): MsgpackItem {
    const code = this.readUint8();
    if (code <= 0x7f) return { kind: "int", value: code };
    if (code >= 0xe0) return { kind: "int", value: code - 0x100 };
    if (code >= 0xa0 && code <= 0xbf) return { kind: "str", bytes: this.take(code & 0x1f) };
    if (code >= 0x90 && code <= 0x9f) return { kind: "array", length: code & 0x0f };
    if (code >= 0x80 && code <= 0x8f) return { kind: "map", length: code & 0x0f };
    switch (code) {
      case 0xc0: return { kind: "nil" };
      case 0xc2: return { kind: "bool", value: false };
      case 0xc3: return { kind: "bool", value: true };
      case 0xc4: return { kind: "bin", bytes: this.take(this.readUint8()) };
      case 0xc5: return { kind: "bin", bytes: this.take(this.readUint16()) };
      case 0xc6: return { kind: "bin", bytes: this.take(this.readUint32()) };
      case 0xc7: return this.readExt(this.readUint8());
      case 0xc8: return this.readExt(this.readUint16());
      case 0xc9: return this.readExt(this.readUint32());
      case 0xca: return { kind: "float", value: this.view.getFloat32(this.advance(4)) };
      case 0xcb: return { kind: "float", value: this.view.getFloat64(this.advance(8)) };
      case 0xcc: return { kind: "int", value: this.readUint8() };
      case 0xcd: return { kind: "int", value: this.readUint16() };
      case 0xce: return { kind: "int", value: this.readUint32() };
      case 0xcf: return { kind: "int", value: compact(this.view.getBigUint64(this.advance(8))) };
      case 0xd0: return { kind: "int", value: this.view.getInt8(this.advance(1)) };
      case 0xd1: return { kind: "int", value: this.view.getInt16(this.advance(2)) };
      case 0xd2: return { kind: "int", value: this.view.getInt32(this.advance(4)) };
      case 0xd3: return { kind: "int", value: compact(this.view.getBigInt64(this.advance(8))) };
      case 0xd4: return this.readExt(1);
      case 0xd5: return this.readExt(2);
      case 0xd6: return this.readExt(4);
      case 0xd7: return this.readExt(8);
      case 0xd8: return this.readExt(16);
      case 0xd9: return { kind: "str", bytes: this.take(this.readUint8()) };
      case 0xda: return { kind: "str", bytes: this.take(this.readUint16()) };
      case 0xdb: return { kind: "str", bytes: this.take(this.readUint32()) };
      case 0xdc: return { kind: "array", length: this.readUint16() };
      case 0xdd: return { kind: "array", length: this.readUint32() };
      case 0xde: return { kind: "map", length: this.readUint16() };
      case 0xdf: return { kind: "map", length: this.readUint32() };
      default: throw new MsgpackFormatError(`invalid msgpack type code 0x${code.toString(16)} at byte ${this.offset - 1}`);
    }
  }

  /** Reads past one whole item, including everything a container holds. */
  skipItem(): void {
    let pending = 1;
    while (pending > 0) {
      const item = this.readItem();
      pending -= 1;
      if (item.kind === "array") pending += item.length;
      else if (item.kind === "map") pending += item.length * 2;
    }
  }

  private readExt(length: number): MsgpackItem {
    const extType = this.view.getInt8(this.advance(1));
    return { kind: "ext", extType, payload: this.take(length) };
  }

  private readUint8(): number {
    return this.view.getUint8(this.advance(1));
  }

  private readUint16(): number {
    return this.view.getUint16(this.advance(2));
  }

  private readUint32(): number {
    return this.view.getUint32(this.advance(4));
  }

  private take(length: number): Uint8Array {
    const start = this.advance(length);
    return this.bytes.subarray(start, start + length);
  }

  /** Moves past `length` bytes and returns where they start. */
  private advance(length: number): number {
    const start = this.offset;
    if (start + length > this.bytes.length) throw new MsgpackFormatError(`msgpack data ends early at byte ${this.bytes.length}`);
    this.offset = start + length;
    return start;
  }
}

/** Writes msgpack items into a growing buffer. */
export class MsgpackWriter {
  private buffer = Buffer.allocUnsafe(256);
  private view = viewOf(this.buffer);
  private length = 0;

  writeNil(): void {
    this.writeByte(0xc0);
  }

  writeBool(value: boolean): void {
    this.writeByte(value ? 0xc3 : 0xc2);
  }

  /** Writes an integer in the fewest bytes; non-negative values use the unsigned formats. */
  writeInt(value: number | bigint): void {
    if (typeof value === "bigint" && value >= -0x80000000n && value <= 0xffffffffn) value = Number(value);
    if (typeof value === "bigint") {
      if (value < 0n) this.writeHeaded(0xd3, 8).setBigInt64(this.length - 8, value);
      else this.writeHeaded(0xcf, 8).setBigUint64(this.length - 8, value);
      return;
    }
    if (value >= 0) {
      if (value <= 0x7f) this.writeByte(value);
      else if (value <= 0xff) this.writeHeaded(0xcc, 1).setUint8(this.length - 1, value);
      else if (value <= 0xffff) this.writeHeaded(0xcd, 2).setUint16(this.length - 2, value);
      else if (value <= 0xffffffff) this.writeHeaded(0xce, 4).setUint32(this.length - 4, value);
      else this.writeHeaded(0xcf, 8).setBigUint64(this.length - 8, BigInt(value));
    } else if (value >= -32) this.writeByte(value + 0x100);
    else if (value >= -0x80) this.writeHeaded(0xd0, 1).setInt8(this.length - 1, value);
    else if (value >= -0x8000) this.writeHeaded(0xd1, 2).setInt16(this.length - 2, value);
    else if (value >= -0x80000000) this.writeHeaded(0xd2, 4).setInt32(this.length - 4, value);
    else this.writeHeaded(0xd3, 8).setBigInt64(this.length - 8, BigInt(value));
  }

  writeFloat64(value: number): void {
    this.writeHeaded(0xcb, 8).setFloat64(this.length - 8, value);
  }

  writeString(value: string): void {
    const size = Buffer.byteLength(value, "utf8");
    this.writeLengthHeader(size, 0xa0, 31, [0xd9, 0xda, 0xdb]);
    this.reserve(size);
    this.length += this.buffer.write(value, this.length, "utf8");
  }

  writeBinary(bytes: Uint8Array): void {
    this.writeLengthHeader(bytes.length, undefined, 0, [0xc4, 0xc5, 0xc6]);
    this.writeRaw(bytes);
  }

  writeArrayHeader(length: number): void {
    this.writeLengthHeader(length, 0x90, 15, [undefined, 0xdc, 0xdd]);
  }

  writeMapHeader(length: number): void {
    this.writeLengthHeader(length, 0x80, 15, [undefined, 0xde, 0xdf]);
  }

  /** Writes an extension, as fixext when the payload size allows and as ext8/16/32 otherwise. */
  writeExtension(extType: number, payload: Uint8Array): void {
    const fixed = FIXEXT_CODES.get(payload.length);
    if (fixed === undefined) this.writeLengthHeader(payload.length, undefined, 0, [0xc7, 0xc8, 0xc9]);
    else this.writeByte(fixed);
    this.writeByte(extType & 0xff);
    this.writeRaw(payload);
  }

  /** Appends bytes that are already msgpack. */
  writeRaw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The bytes written so far, as a buffer of exactly that length. */
  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }

  /**
   * Writes a length in the smallest of: the fix form (`fixBase | length` up to `fixMax`), then the
   * 8/16/32-bit forms whose codes are given (undefined where the format has no such form).
   */
  private writeLengthHeader(length: number, fixBase: number | undefined, fixMax: number, codes: readonly (number | undefined)[]): void {
    const [code8, code16, code32] = codes;
    if (fixBase !== undefined && length <= fixMax) this.writeByte(fixBase | length);
    else if (code8 !== undefined && length <= 0xff) this.writeHeaded(code8, 1).setUint8(this.length - 1, length);
    else if (length <= 0xffff) this.writeHeaded(code16 as number, 2).setUint16(this.length - 2, length);
    else if (length <= 0xffffffff) this.writeHeaded(code32 as number, 4).setUint32(this.length - 4, length);
    else throw new MsgpackFormatError(`length ${length} does not fit msgpack`);
  }

  /** Writes a type code and reserves `size` bytes after it, returning a view for filling them in. */
  private writeHeaded(code: number, size: number): DataView {
    this.writeByte(code);
    this.reserve(size);
    this.length += size;
    return this.view;
  }

  private writeByte(byte: number): void {
    this.reserve(1);
    this.buffer[this.length] = byte;
    this.length += 1;
  }

  private reserve(size: number): void {
    if (this.length + size <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + size));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
    this.view = viewOf(grown);
  }
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const FIXEXT_CODES = new Map([[1, 0xd4], [2, 0xd5], [4, 0xd6], [8, 0xd7], [16, 0xd8]]);

/** 64-bit integers come back as a number when that is exact, so callers rarely see bigint. */
function compact(value: bigint): number | bigint {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value;
}

/** Decodes UTF-8 without copying the bytes first. */
export function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}
