import { AmbiguousCreateError, isAmbiguousFailure, type RequestError } from "./errors";

/** A create that cannot be blindly retried, and the lookup that tells whether it happened. */
export interface AmbiguousCreate<T> {
  /** Sends the create once. */
  create: () => Promise<T>;
  /** Finds the object the create would have made, or undefined when it does not exist. */
  findCreated: () => Promise<T | undefined>;
  /** How the lookup works, for error messages, e.g. "looking the token up by description". */
  lookup: string;
}

/** One retry: enough to ride out a single dropped response without risking duplicates. */
const CREATE_TRIES = 2;

/**
 * Runs a create whose failure may hide a success (timeout, reset after sending, 5xx,
 * unreadable body). After such a failure it looks the object up: found means the create
 * happened, and the lookup result is returned; not found means it did not, so the create is
 * sent once more. If that is ambiguous too and the object is still not found, or the lookup
 * itself fails, it throws {@link AmbiguousCreateError}. Unambiguous failures (4xx, a refused
 * connection) propagate unchanged.
 */
export async function createResolvingAmbiguity<T>(operation: AmbiguousCreate<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    let failure: RequestError;
    try {
      return await operation.create();
    } catch (error) {
      if (!isAmbiguousFailure(error)) throw error;
      failure = error;
    }
    let found: T | undefined;
    try {
      found = await operation.findCreated();
    } catch (lookupError) {
      const reason = lookupError instanceof Error ? lookupError.message : "unknown failure";
      throw new AmbiguousCreateError(failure, `${operation.lookup} failed: ${reason}`, failure);
    }
    if (found !== undefined) return found;
    if (tries >= CREATE_TRIES) {
      throw new AmbiguousCreateError(failure, `${operation.lookup} did not find it after ${tries} tries`, failure);
    }
  }
}
