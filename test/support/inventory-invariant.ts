import type { Inventory } from "../../src/emulator";
import type { ShownResource } from "./tokenhooks-workdir";

/**
 * The invariant of issue #7: afterwards, what the emulator holds equals what the state records.
 * Every live token or connection created since the baseline is in the state (nothing orphaned),
 * no object is recorded twice, and everything the state records is live.
 */

/** How the emulator's objects and the state disagree; every list empty means they agree. */
export interface Reconciliation {
  /** Live objects created since the baseline that no state records: credentials nobody knows about. */
  readonly orphaned: readonly string[];
  /** Objects the state records more than once. */
  readonly duplicated: readonly string[];
  /** Objects the state records that are no longer live. */
  readonly stale: readonly string[];
}

/** Ids of the live team tokens, organization-level tokens, agent tokens and app connections. */
export function liveIds(inventory: Inventory): string[] {
  return [...inventory.teamTokens, ...inventory.organizationTokens, ...inventory.agentTokens, ...inventory.appConnections].map((object) => object.id);
}

export function reconcile(baseline: Inventory, now: Inventory, state: readonly ShownResource[]): Reconciliation {
  const before = new Set(liveIds(baseline));
  const live = liveIds(now);
  const recorded = state.map((resource) => resource.values.id).filter((id): id is string => typeof id === "string");
  return {
    orphaned: live.filter((id) => !before.has(id) && !recorded.includes(id)),
    duplicated: recorded.filter((id, index) => recorded.indexOf(id) !== index),
    stale: recorded.filter((id) => !live.includes(id)),
  };
}

/** The agreeing outcome, for `toEqual`. */
export const AGREES: Reconciliation = { orphaned: [], duplicated: [], stale: [] };
