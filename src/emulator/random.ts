import { createHash, createHmac, randomBytes } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Largest multiple of 62 below 256: bytes at or above it are skipped so every character is equally likely. */
const UNBIASED_BYTE_LIMIT = 248;

/**
 * Random bytes from a seed (HMAC-SHA256 in counter mode), so a seeded emulator hands out the
 * same ids and secrets run after run. Not for real secrets: anyone with the seed can derive them.
 */
export class SeededRandom {
  readonly #key: Buffer;
  #counter = 0;
  #pool: Buffer = Buffer.alloc(0);

  constructor(seed: string) {
    this.#key = createHash("sha256").update(seed).digest();
  }

  bytes(count: number): Buffer {
    while (this.#pool.length < count) {
      const block = createHmac("sha256", this.#key).update(String(this.#counter++)).digest();
      this.#pool = Buffer.concat([this.#pool, block]);
    }
    const taken = this.#pool.subarray(0, count);
    this.#pool = this.#pool.subarray(count);
    return Buffer.from(taken);
  }

  alphanumeric(length: number): string {
    let text = "";
    while (text.length < length) {
      for (const byte of this.bytes(length - text.length)) {
        if (byte < UNBIASED_BYTE_LIMIT && text.length < length) text += ALPHANUMERIC[byte % ALPHANUMERIC.length];
      }
    }
    return text;
  }

  hex(byteCount: number): string {
    return this.bytes(byteCount).toString("hex");
  }

  /** An RFC 4122 version 4 UUID. */
  uuid(): string {
    const b = this.bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** A fresh seed for an emulator started without one. */
export function randomSeed(): string {
  return randomBytes(16).toString("hex");
}

/** SHA-256 hex of a secret: how the emulator stores and looks up credentials without keeping them. */
export function digestSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
