/** The emulator's notion of "now": a base clock plus however far tests have moved it forward. */
export interface EmulatorClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Moves the clock forward; expiry and timestamps follow, rate-limit windows do not. */
  advance(ms: number): void;
}

/** An {@link EmulatorClock} over a base clock, with an offset that {@link reset} clears. */
export class OffsetClock implements EmulatorClock {
  readonly #base: () => number;
  #offsetMs = 0;

  constructor(base: () => number = Date.now) {
    this.#base = base;
  }

  now(): number {
    return this.#base() + this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock can only move forward by a finite amount, got ${ms}`);
    this.#offsetMs += ms;
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}
