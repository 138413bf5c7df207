import { createHash } from "node:crypto";
import { RequestPacer, type Pacer } from "./request-pacer";
import type { Secret } from "./secret";

/** The pacer of one principal, by {@link pacerKey}. */
export type PacerSource = (key: string) => Pacer;

/**
 * One pacer per principal for the whole process, so that every client sending with the same
 * credential to the same host draws on one budget, as the server counts it.
 */
const pacers = new Map<string, RequestPacer>();

/** This process's pacer of the principal `key`. */
export function localPacer(key: string): RequestPacer {
  let pacer = pacers.get(key);
  if (pacer === undefined) {
    pacer = new RequestPacer();
    pacers.set(key, pacer);
  }
  return pacer;
}

let source: PacerSource = localPacer;

/**
 * Makes {@link sharedPacer} take pacers from `next`: a warm plugin server's worker takes the
 * server's, shared by every launch it serves.
 */
export function usePacerSource(next: PacerSource): void {
  source = next;
}

/** The key of requests to `origin` with `credential`: a digest, never the secret. */
function pacerKey(origin: string, credential: Secret): string {
  return `${origin} ${createHash("sha256").update(credential.reveal()).digest("hex")}`;
}

/** The pacer of requests to `origin` with `credential`. */
export function sharedPacer(origin: string, credential: Secret): Pacer {
  return source(pacerKey(origin, credential));
}
