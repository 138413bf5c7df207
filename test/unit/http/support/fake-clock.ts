import type { PacerClock } from "../../../../src/http/request-pacer";

/** A clock that moves only when told to, running its timers in time order as it passes them. */
export class FakeClock implements PacerClock {
  #now = 0;
  readonly #timers: { at: number; callback: () => void }[] = [];

  now(): number {
    return this.#now;
  }

  schedule(callback: () => void, ms: number): void {
    this.#timers.push({ at: this.#now + ms, callback });
  }

  /** Pending timers, for asserting that nothing is left waiting. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.#timers.splice(this.#timers.indexOf(due), 1);
      this.#now = due.at;
      due.callback();
    }
    this.#now = target;
  }
}
