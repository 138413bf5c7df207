import type { AuthenticationToken } from "../clients/tfc";
import type { PrivateState, ResourceContext } from "../plugin/framework/definition";

/**
 * Safety rules for the singleton tokens: the legacy team token, the organization token and the
 * audit-trails token. HCP Terraform keeps one of each per owner, and creating one silently
 * revokes the existing one, so:
 * - create refuses to overwrite a token it did not create unless `force_regenerate` is set;
 * - read notices when the token was regenerated outside Terraform (the id changed) and records
 *   it in private state, so that the plan replaces the token instead of keeping a dead secret;
 * - delete revokes only the token whose id is in state.
 */

/** The one token slot of an owner, as the hooks see it. */
export interface SingletonSlot {
  /** The owner, for messages: `team team-…`, `organization acme`. */
  readonly owner: string;
  /** The token's kind, for messages: `legacy team token`, `organization token`. */
  readonly kind: string;
  /** The request that creates (and so regenerates) the token, for messages: `POST /teams/…/authentication-token`. */
  readonly createRequest: string;
  /** The id `terraform import` accepts for this slot's resource. */
  readonly importId: string;
  read(): Promise<AuthenticationToken | undefined>;
  create(expiredAt: string | undefined): Promise<AuthenticationToken>;
  /** False when there was nothing to delete. */
  delete(): Promise<boolean>;
}

/** What a hook needs from its context here. */
type Warn = Pick<ResourceContext<unknown>, "warn">;

const SUPERSEDED_BY = "superseded_by";

/** Private state recording that the slot now holds another token (or none of note). */
export function singletonPrivate(supersedingId?: string): PrivateState {
  return supersedingId === undefined ? {} : { [SUPERSEDED_BY]: supersedingId };
}

/** The id of the token that replaced ours outside Terraform, as recorded by read. */
export function supersedingTokenId(privateState: PrivateState | undefined): string | undefined {
  const value = privateState?.[SUPERSEDED_BY];
  return typeof value === "string" ? value : undefined;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** Raised when creating would revoke a token this resource did not create. */
export class SingletonTokenExistsError extends Error {
  override readonly name = "SingletonTokenExistsError";

  constructor(slot: SingletonSlot, existing: AuthenticationToken, resourceType: string) {
    const facts = [
      `created ${existing.createdAt}`,
      existing.createdBy ? `by ${existing.createdBy.type} ${existing.createdBy.id}` : undefined,
      `last used ${existing.lastUsedAt ?? "never"}`,
      `expires ${existing.expiredAt ?? "never"}`,
    ].filter((fact) => fact !== undefined);
    super(
      `The ${slot.owner} already has ${withArticle(slot.kind)} (${existing.id})\n` +
        `Token ${existing.id} was ${facts.join(", ")}. Creating ${resourceType} would send ${slot.createRequest}, ` +
        "which silently revokes that token and breaks whatever uses it, so nothing was changed. To proceed, either:\n" +
        "  - set force_regenerate = true to replace it (its secret stops working), or\n" +
        `  - import it to manage it: terraform import <address> ${slot.importId} (its secret cannot be imported, so token stays null).`,
    );
  }
}

/** Creates the slot's token, refusing to overwrite an existing one unless `forceRegenerate`. */
export async function createSingletonToken(
  ctx: Warn,
  slot: SingletonSlot,
  request: { readonly forceRegenerate: boolean; readonly expiredAt: string | undefined; readonly resourceType: string },
): Promise<AuthenticationToken> {
  const existing = await slot.read();
  if (existing && !request.forceRegenerate) throw new SingletonTokenExistsError(slot, existing, request.resourceType);
  const created = await createKeepingSecret(slot, request.expiredAt);
  if (existing) {
    ctx.warn(
      `Regenerated the ${slot.kind} of the ${slot.owner}`,
      `force_regenerate = true: the previous token ${existing.id} was revoked and replaced by ${created.id}; anything still using its secret fails from now on.`,
    );
  }
  return created;
}

/**
 * Creates the token; when an ambiguous failure left it created without its secret, creates it
 * once more, which regenerates (and so revokes) the secretless one. A token without its secret
 * is never returned: after a second loss it is revoked.
 */
async function createKeepingSecret(slot: SingletonSlot, expiredAt: string | undefined): Promise<AuthenticationToken> {
  const first = await slot.create(expiredAt);
  if (!first.secretLost) return first;
  const second = await slot.create(expiredAt);
  if (!second.secretLost) return second;
  await slot.delete();
  throw new Error(
    `Creating the ${slot.kind} of the ${slot.owner} lost the response carrying its secret twice (${second.lostResponse})\n` +
      `The token HCP Terraform created (${second.id}) had a secret nobody received, so it was revoked. Nothing was saved; run apply again.`,
  );
}

/** What read found in the slot. */
export type SingletonReadResult =
  /** The slot still holds our token; `current` carries its refreshed metadata. */
  | { readonly state: "ours"; readonly current: AuthenticationToken }
  /** Another token took its place: ours is revoked. */
  | { readonly state: "superseded"; readonly current: AuthenticationToken }
  /** The slot is empty (deleted, or expired and removed). */
  | { readonly state: "gone" };

/** Reads the slot and compares its token with the id in state. */
export async function readSingletonToken(slot: SingletonSlot, stateId: string): Promise<SingletonReadResult> {
  const current = await slot.read();
  if (!current) return { state: "gone" };
  return { state: current.id === stateId ? "ours" : "superseded", current };
}

/**
 * Revokes the slot's token only when it is the one in state (the read-then-delete window is
 * unavoidable: the API has no conditional delete). Anything else is left alone with a warning.
 */
export async function deleteSingletonToken(ctx: Warn, slot: SingletonSlot, stateId: string): Promise<void> {
  const current = await slot.read();
  if (!current) return;
  if (current.id !== stateId) {
    ctx.warn(
      `Left the ${slot.kind} of the ${slot.owner} in place`,
      `The ${slot.owner} now holds token ${current.id}, not ${stateId} which this resource created (it was regenerated outside Terraform), so it was not revoked.`,
    );
    return;
  }
  await slot.delete();
}

/** The advice a plan gives when a superseded singleton token is about to be replaced. */
export function supersededAdvice(slot: Pick<SingletonSlot, "owner" | "kind">, supersedingId: string, forceRegenerate: boolean): string {
  return forceRegenerate
    ? `force_regenerate = true, so applying revokes ${supersedingId} and creates a new ${slot.kind}.`
    : `Applying fails unless force_regenerate = true, because creating a new ${slot.kind} revokes ${supersedingId}, ` +
        `which this configuration did not create; alternatively remove this resource from state and import ${supersedingId}.`;
}
