import type { RequestIdentity } from "../http/exchange";
import { redactSecrets } from "./redact";
import { RingBuffer } from "./ring-buffer";
import type { FaultKind } from "./faults";

/** Which emulated service a request went to. */
export type ApiName = "tfc" | "infisical" | "heroku" | "discovery" | "none";

/** One request as the emulator handled it, with secrets redacted. */
export interface RequestLogEntry {
  /** Increases by one per request; use it to order entries or to ask for newer ones. */
  seq: number;
  api: ApiName;
  method: string;
  path: string;
  /** Query parameters (first value of each). */
  query: Record<string, string>;
  /** Null when no response was sent (connection reset, hang). */
  status: number | null;
  /** Emulator-clock milliseconds. */
  startedAt: number;
  finishedAt: number;
  /** Real elapsed time, including injected latency. */
  durationMs: number;
  /** The caller's recognised credential (its id, never its value), or null. */
  identity: RequestIdentity | null;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
  /** An emulator bug's message, when the request failed with 500 because of one. */
  error?: string;
  requestBody?: unknown;
  responseBody?: unknown;
}

/** Request log capacity: enough for any test, small enough to keep memory flat in long demos. */
export const REQUEST_LOG_CAPACITY = 2000;
/** Bodies longer than this (serialised) are logged as a size note only. */
const MAX_LOGGED_BODY_CHARS = 16 * 1024;

/** A bounded, redacting log of requests. */
export class RequestLog {
  readonly #entries = new RingBuffer<RequestLogEntry>(REQUEST_LOG_CAPACITY);
  #nextSeq = 1;

  /** Reserves the next sequence number, taken when a request arrives so the order is arrival order. */
  nextSeq(): number {
    return this.#nextSeq++;
  }

  record(entry: RequestLogEntry): void {
    this.#entries.push({
      ...entry,
      requestBody: loggableBody(entry.requestBody),
      responseBody: loggableBody(entry.responseBody),
    });
  }

  /**
   * Entries in arrival order (a slow request is logged when it finishes, but sorts by when it
   * arrived), optionally only those with `seq` greater than `afterSeq`.
   */
  entries(afterSeq = 0): RequestLogEntry[] {
    return this.#entries
      .toArray()
      .filter((entry) => entry.seq > afterSeq)
      .sort((a, b) => a.seq - b.seq);
  }

  clear(): void {
    this.#entries.clear();
  }
}

function loggableBody(body: unknown): unknown {
  if (body === undefined) return undefined;
  const redacted = redactSecrets(body);
  const size = JSON.stringify(redacted).length;
  return size > MAX_LOGGED_BODY_CHARS ? `[body of ${size} characters not logged]` : redacted;
}
