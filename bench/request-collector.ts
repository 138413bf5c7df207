import type { Emulator, RequestLogEntry } from "../src/emulator";

/** The highest sequence number collected from each emulator: `reset()` empties its log but does not restart the numbering. */
const lastCollectedSeq = new WeakMap<Emulator, number>();

/**
 * Every request the emulator logs while the collector runs. The emulator's log is a bounded ring
 * that a large apply overflows, so the collector drains it as it goes. A request gets its sequence
 * number on arrival but enters the log when it finishes, so the log can show later numbers before
 * earlier ones: the collector keeps re-reading from the first number it has not seen yet.
 *
 * Collection continues from where the previous collector on the same emulator stopped, so every
 * request the emulator serves must be made while a collector runs; one made outside shows up as
 * a gap, and {@link stop} throws.
 */
export class RequestCollector {
  readonly #entries = new Map<number, RequestLogEntry>();
  readonly #timer: NodeJS.Timeout;
  readonly #firstSeq: number;
  /** Every sequence number up to this one has been collected. */
  #contiguousSeq: number;

  constructor(
    private readonly emulator: Emulator,
    intervalMs = 250,
  ) {
    this.#contiguousSeq = Math.max(lastCollectedSeq.get(emulator) ?? 0, emulator.requestLog().at(-1)?.seq ?? 0);
    this.#firstSeq = this.#contiguousSeq + 1;
    this.#timer = setInterval(() => this.drain(), intervalMs);
  }

  /**
   * Stops collecting (call it once no request is in flight); returns the HCP Terraform API and
   * service discovery requests in arrival order. Throws when the log dropped any before they were collected.
   */
  stop(): RequestLogEntry[] {
    clearInterval(this.#timer);
    this.drain();
    const all = [...this.#entries.values()].sort((a, b) => a.seq - b.seq);
    const lastSeq = all.at(-1)?.seq ?? this.#firstSeq - 1;
    lastCollectedSeq.set(this.emulator, lastSeq);
    if (all.length !== lastSeq - this.#firstSeq + 1) {
      throw new Error(`the emulator's request log dropped ${lastSeq - this.#firstSeq + 1 - all.length} requests before they were collected`);
    }
    return all.filter((entry) => entry.api === "tfc" || entry.api === "discovery");
  }

  private drain(): void {
    for (const entry of this.emulator.requestLog(this.#contiguousSeq)) this.#entries.set(entry.seq, entry);
    while (this.#entries.has(this.#contiguousSeq + 1)) this.#contiguousSeq++;
  }
}
