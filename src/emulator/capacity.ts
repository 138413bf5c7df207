/**
 * Thrown when a store is full. Stores are capped so a runaway test or a long demo cannot grow
 * the emulator's memory without bound; each API answers this with its own 422 error.
 */
export class CapacityError extends Error {
  override readonly name = "CapacityError";

  constructor(what: string, limit: number) {
    super(`The emulator holds at most ${limit} ${what}`);
  }
}
