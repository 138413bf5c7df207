import { createHash } from "node:crypto";
import { RequestPacer } from "./request-pacer";
import type { Secret } from "./secret";

/**
 * One pacer per principal for the whole process, so that every client (and, in a long-lived
 * plugin server, every engine launch it serves) sending with the same credential to the same
 * host draws on one budget, as the server counts it.
 */
const pacers = new Map<string, RequestPacer>();

/** The pacer of requests to `origin` with `credential`. The map is keyed by a digest, never by the secret. */
export function sharedPacer(origin: string, credential: Secret): RequestPacer {
  const key = `${origin} ${createHash("sha256").update(credential.reveal()).digest("hex")}`;
  let pacer = pacers.get(key);
  if (pacer === undefined) {
    pacer = new RequestPacer();
    pacers.set(key, pacer);
  }
  return pacer;
}
