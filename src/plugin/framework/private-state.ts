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

/**
 * Encodes private state; undefined and an empty object become empty bytes, which the engine
 * stores as "none": the engine rewrites its whole state file after every resource, so a `{}` on
 * each instance only makes every rewrite longer.
 */
export function encodePrivate(state: PrivateState | undefined): Buffer {
  return state === undefined || Object.keys(state).length === 0 ? Buffer.alloc(0) : Buffer.from(JSON.stringify(state), "utf8");
}
