import type { IncomingHttpHeaders } from "node:http";
import { readRateLimit } from "./rate-limit-headers";

/** Monotonic time and a one-shot timer; injectable so tests run on a fake clock. */
export interface PacerClock {
  /** Milliseconds, monotonic. */
  now(): number;
  schedule(callback: () => void, ms: number): void;
}

const REAL_CLOCK: PacerClock = {
  now: () => performance.now(),
  schedule: (callback, ms) => {
    setTimeout(callback, ms);
  },
};

/** Paces the requests of one principal: each waits for a permit. */
export interface Pacer {
  /** Resolves when a request may be sent. */
  acquire(): Promise<PacerPermit>;
}

/** One attempt's place in the budget. */
export interface PacerPermit {
  /** Call exactly once when the attempt ends: with the response's headers, or without when none arrived. */
  release(headers?: IncomingHttpHeaders): void;
}

/** The server's window as last reported: when it resets (our clock) and what was left of it. */
interface KnownWindow {
  endsAt: number;
  remaining: number;
}

/**
 * Responses of one window report the same reset, give or take their travel back (milliseconds);
 * windows are a second apart at HCP Terraform. A reset this much later than the known one
 * starts a new window, this much earlier is a late answer of an older window.
 */
const NEW_WINDOW_GAP_MS = 250;

/** A bogus reset header must not stall requests for longer than the 429 waits allow either. */
const MAX_WINDOW_MS = 60_000;

/**
 * Paces requests of one principal (one host and credential) so they stay within the rate limit
 * the server reports in `X-RateLimit-Limit` / `-Remaining` / `-Reset`, instead of drawing 429s.
 *
 * - Before the first response nothing is known: one request goes at once, the others wait for
 *   its answer. A server that sends no rate-limit headers is not paced at all.
 * - Requests in flight count against the remaining budget: the server may not have counted
 *   them yet when the last response was written, so trusting `remaining` alone would overshoot
 *   by up to the number in flight.
 * - When the window resets, the budget is the limit, less the requests still in flight (they
 *   may land in the new window).
 * - The server's reset is taken from when the response arrived, never earlier than the server
 *   meant, so a request released at the reset cannot reach the old window.
 *
 * Waiting requests go in arrival order.
 */
export class RequestPacer implements Pacer {
  readonly #clock: PacerClock;
  readonly #waiting: (() => void)[] = [];
  #answered = false;
  #limit: number | undefined;
  #window: KnownWindow | undefined;
  #inFlight = 0;
  #timerPending = false;

  constructor(clock: PacerClock = REAL_CLOCK) {
    this.#clock = clock;
  }

  /** Resolves when a request may be sent. */
  acquire(): Promise<PacerPermit> {
    if (this.#waiting.length === 0 && this.#mayStart()) return Promise.resolve(this.#grant());
    return new Promise((resolve) => {
      this.#waiting.push(() => resolve(this.#grant()));
      this.#wakeAtReset();
    });
  }

  #grant(): PacerPermit {
    this.#inFlight++;
    let released = false;
    return {
      release: (headers) => {
        if (released) return;
        released = true;
        this.#inFlight--;
        if (headers !== undefined) this.#learn(headers);
        this.#pump();
      },
    };
  }

  #mayStart(): boolean {
    if (!this.#answered) return this.#inFlight === 0;
    const window = this.#window;
    const budget = window !== undefined && this.#clock.now() < window.endsAt ? window.remaining : this.#limit;
    return budget === undefined || budget - this.#inFlight > 0;
  }

  #learn(headers: IncomingHttpHeaders): void {
    this.#answered = true;
    const { limit, remaining, resetMs } = readRateLimit(headers);
    if (limit !== undefined) this.#limit = limit;
    if (remaining === undefined || resetMs === undefined) return;
    const endsAt = this.#clock.now() + Math.min(resetMs, MAX_WINDOW_MS);
    const known = this.#window;
    if (known === undefined || endsAt > known.endsAt + NEW_WINDOW_GAP_MS) {
      this.#window = { endsAt, remaining };
      return;
    }
    // A late answer of an older window: its larger remaining must not reopen a spent budget.
    if (endsAt < known.endsAt - NEW_WINDOW_GAP_MS) return;
    // The same window: the smallest remaining is the latest count. Every answer's reset is late
    // by its travel back, never early, so the earliest is the closest to the server's.
    known.remaining = Math.min(known.remaining, remaining);
    known.endsAt = Math.min(known.endsAt, endsAt);
  }

  #pump(): void {
    while (this.#waiting.length > 0 && this.#mayStart()) this.#waiting.shift()!();
    this.#wakeAtReset();
  }

  /** With requests waiting on a spent window, pumps again when it resets; releases pump otherwise. */
  #wakeAtReset(): void {
    const window = this.#window;
    if (this.#timerPending || this.#waiting.length === 0 || window === undefined) return;
    const untilReset = window.endsAt - this.#clock.now();
    if (untilReset <= 0) return;
    this.#timerPending = true;
    this.#clock.schedule(() => {
      this.#timerPending = false;
      this.#pump();
    }, Math.ceil(untilReset));
  }
}
