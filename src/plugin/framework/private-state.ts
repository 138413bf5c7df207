import type { PrivateState } from "./definition";

/**
 * The engine stores private state as opaque bytes next to each resource instance; the framework
 * keeps it as a JSON object. Absent or empty bytes mean no private state.
 */
export function decodePrivate(bytes: Uint8Array | undefined): PrivateState | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  const parsed: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("Stored private state is not a JSON object");
  }
  return parsed as PrivateState;
}

/** Encodes private state; undefined becomes empty bytes, which the engine stores as "none". */
export function encodePrivate(state: PrivateState | undefined): Buffer {
  return state === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(state), "utf8");
}
