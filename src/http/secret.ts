import { inspect } from "node:util";

const MASK = "[sensitive]";

/**
 * A credential that must not leak. The value lives in an ES private field, so it is absent
 * from `Object.keys`, spreads and `util.inspect`; `toString`, `toJSON` and the custom inspect
 * hook all print `[sensitive]`. Code that really needs the value calls {@link Secret.reveal},
 * which makes every use of a secret easy to find in review.
 *
 * Chosen over a non-enumerable string property because a wrapper cannot be mistaken for a
 * plain string: template literals, JSON and loggers all see the mask.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** Wraps a plain string; passes an existing `Secret` through unchanged. */
  static from(value: string | Secret): Secret {
    return value instanceof Secret ? value : new Secret(value);
  }

  /** The plain value. Only for putting it on the wire or into Terraform state. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return MASK;
  }
}
