/** Keeps the most recent `capacity` items; older ones fall off. */
export class RingBuffer<T> {
  readonly #capacity: number;
  #items: T[] = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.#capacity) this.#items.splice(0, this.#items.length - this.#capacity);
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.#items];
  }

  clear(): void {
    this.#items = [];
  }
}
