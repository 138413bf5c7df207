import type { IncomingMessage } from "node:http";
import type { RequestBody } from "./exchange";

/** Request bodies above this are refused with 413: no emulated endpoint needs more. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** Thrown when a request body exceeds {@link MAX_REQUEST_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/** Reads and parses a request body, refusing oversized ones before buffering them whole. */
export async function readRequestBody(request: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_REQUEST_BODY_BYTES) throw new BodyTooLargeError(`request body exceeds ${MAX_REQUEST_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { kind: "none" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "invalid-json" };
  }
}
