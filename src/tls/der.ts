/**
 * The few ASN.1 DER encoders an X.509 certificate needs. Each returns the complete
 * tag-length-value bytes, so values nest by plain function composition.
 */

/** Universal tags, plus the context-specific forms certificates use. */
const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  objectIdentifier: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Encodes one element: tag, definite length (short or long form), content. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function sequence(...elements: readonly Uint8Array[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(elements));
}

/** A SET holding one element: DER requires SET OF members to be sorted, which one element trivially is. */
export function setOfOne(element: Uint8Array): Buffer {
  return tlv(TAG.set, element);
}

export function boolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
}

export function smallInteger(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0x7f) throw new RangeError(`smallInteger takes 0..127, got ${value}`);
  return tlv(TAG.integer, Buffer.from([value]));
}

/**
 * A non-negative INTEGER from big-endian magnitude bytes, in DER's minimal two's-complement form:
 * leading zero bytes dropped, one zero byte added back when the top bit would read as a sign.
 */
export function unsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = Buffer.from(magnitude.subarray(start));
  const content = trimmed.length === 0 ? Buffer.from([0]) : trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(TAG.integer, content);
}

/** A BIT STRING whose content is whole bytes (keys, signatures). */
export function bitString(bytes: Uint8Array): Buffer {
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), bytes]));
}

/**
 * A named-bit BIT STRING (RFC 5280 KeyUsage style): bit 0 is the most significant bit of the
 * first byte, and DER drops trailing zero bits, recording how many in the first content byte.
 */
export function namedBits(bitNumbers: readonly number[]): Buffer {
  if (bitNumbers.length === 0) return tlv(TAG.bitString, Buffer.from([0]));
  const highest = Math.max(...bitNumbers);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bitNumbers) bytes[Math.floor(bit / 8)] |= 0x80 >> bit % 8;
  const unusedBits = 7 - (highest % 8);
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG.octetString, bytes);
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(text, "utf8"));
}

/** An OBJECT IDENTIFIER from dotted text such as `1.2.840.10045.4.3.2`. */
export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split(".").map((arc) => {
    if (!/^\d+$/.test(arc)) throw new Error(`Invalid object identifier ${dotted}`);
    return Number(arc);
  });
  if (arcs.length < 2) throw new Error(`Invalid object identifier ${dotted}`);
  const [first, second, ...rest] = arcs;
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc & 0x7f];
    for (let remaining = Math.floor(arc / 128); remaining > 0; remaining = Math.floor(remaining / 128)) groups.unshift(0x80 | (remaining & 0x7f));
    bytes.push(...groups);
  }
  return tlv(TAG.objectIdentifier, Buffer.from(bytes));
}

/**
 * A certificate time (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050, both
 * in UTC with whole seconds. Built from the UTC fields: local-time fields would shift the validity
 * window by the machine's offset and make a fresh certificate "not yet valid" east of Greenwich.
 */
export function certificateTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const pad = (value: number) => String(value).padStart(2, "0");
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return tlv(TAG.utcTime, Buffer.from(`${pad(year % 100)}${rest}`, "ascii"));
  return tlv(TAG.generalizedTime, Buffer.from(`${String(year).padStart(4, "0")}${rest}`, "ascii"));
}

/** `[n] EXPLICIT`: a constructed context-specific wrapper around a complete element. */
export function explicit(tagNumber: number, element: Uint8Array): Buffer {
  return tlv(0xa0 | tagNumber, element);
}

/** `[n] IMPLICIT` over a primitive type: the content keeps its bytes, the tag is replaced. */
export function implicitPrimitive(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(0x80 | tagNumber, content);
}
