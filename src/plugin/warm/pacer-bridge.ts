import type { IncomingHttpHeaders } from "node:http";
import type { MessagePort } from "node:worker_threads";
import { localPacer, type PacerSource } from "../../http/pacer-registry";
import type { PacerPermit } from "../../http/request-pacer";

/**
 * The rate-limit pacers of a warm plugin server, shared by all its launches: each worker asks the
 * main thread for a permit and hands back the response's rate-limit headers, so concurrent
 * launches with one credential draw on one budget, as HCP Terraform counts it. Keys are digests
 * of the credentials; the main thread never sees a secret.
 */

type PacerMessage =
  | { readonly type: "pacer-acquire"; readonly key: string; readonly ticket: number }
  | { readonly type: "pacer-grant"; readonly ticket: number }
  | { readonly type: "pacer-release"; readonly ticket: number; readonly headers?: IncomingHttpHeaders };

/** The headers a pacer learns from; nothing else of a response leaves the worker. */
const RATE_LIMIT_HEADERS = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];

/** In a worker: pacers whose permits come from the main thread through `port`. */
export function remotePacers(port: MessagePort): PacerSource {
  const granted = new Map<number, () => void>();
  let nextTicket = 0;
  port.on("message", (message: PacerMessage) => {
    if (message.type === "pacer-grant") granted.get(message.ticket)?.();
  });
  return (key) => ({
    acquire: () =>
      new Promise<PacerPermit>((resolve) => {
        const ticket = nextTicket++;
        granted.set(ticket, () => {
          granted.delete(ticket);
          resolve({ release: (headers) => port.postMessage({ type: "pacer-release", ticket, headers: headers && rateLimitHeaders(headers) } satisfies PacerMessage) });
        });
        port.postMessage({ type: "pacer-acquire", key, ticket } satisfies PacerMessage);
      }),
  });
}

/** A worker as the main thread talks to it. */
export type PacerPeer = Pick<MessagePort, "postMessage">;

/** In the main thread: serves the pacer messages of the workers, and releases what a worker held when it ends. */
export class PacerHub {
  readonly #held = new Map<PacerPeer, Map<number, PacerPermit>>();
  readonly #gone = new WeakSet<PacerPeer>();

  /** Serves `message` if it is a pacer message; returns whether it was. */
  handle(worker: PacerPeer, message: unknown): boolean {
    const pacerMessage = message as PacerMessage;
    if (pacerMessage.type === "pacer-acquire") {
      void localPacer(pacerMessage.key)
        .acquire()
        .then((permit) => {
          if (this.#gone.has(worker)) return permit.release();
          const held = this.#held.get(worker) ?? new Map<number, PacerPermit>();
          this.#held.set(worker, held);
          held.set(pacerMessage.ticket, permit);
          worker.postMessage({ type: "pacer-grant", ticket: pacerMessage.ticket } satisfies PacerMessage);
        });
      return true;
    }
    if (pacerMessage.type === "pacer-release") {
      const held = this.#held.get(worker);
      held?.get(pacerMessage.ticket)?.release(pacerMessage.headers);
      held?.delete(pacerMessage.ticket);
      return true;
    }
    return false;
  }

  /** The worker ended: what it held is released, having learnt nothing. */
  workerGone(worker: PacerPeer): void {
    this.#gone.add(worker);
    for (const permit of this.#held.get(worker)?.values() ?? []) permit.release();
    this.#held.delete(worker);
  }
}

function rateLimitHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(RATE_LIMIT_HEADERS.flatMap((name) => (headers[name] === undefined ? [] : [[name, headers[name]]])));
}
