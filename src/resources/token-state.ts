import type { AuthenticationToken } from "../clients/tfc";
import type { ValidationIssue } from "../schema/types";
import { futureRfc3339, parseRfc3339 } from "../schema/validators";
import type { CtyObject, CtyValue } from "../plugin/cty/values";
import { AttributeError, PartialStateError, type PrivateState, type ResourceContext } from "../plugin/framework/definition";

/**
 * What every HCP Terraform token resource (team, organization, audit trail) shares: the mapping
 * between API tokens and state, so that the three store tokens identically. Their shared
 * attributes are in `./schemas/token-attributes`.
 */

/** The attributes a token from the API sets in state. */
export interface TokenOutputs {
  readonly id: string;
  readonly token: string;
  readonly created_at: string;
  readonly expired_at: string | null;
}

/**
 * The timestamp to store for a remote one: the configured or previously stored text when it
 * denotes the same instant (so that `+02:00` versus `Z`, or `.000`, never shows as a change),
 * otherwise the remote text.
 */
export function equivalentTimestamp(known: CtyValue | undefined, remote: string | null): string | null {
  if (remote === null) return null;
  return typeof known === "string" && sameInstant(known, remote) ? known : remote;
}

/** True when both texts are timestamps of the same millisecond. */
export function sameInstant(a: string, b: string): boolean {
  const first = parseTimestamp(a);
  const second = parseTimestamp(b);
  return first !== undefined && second !== undefined && first.getTime() === second.getTime();
}

/** Reads RFC 3339 from configuration, or the API's own ISO 8601 timestamps; undefined when unreadable. */
export function parseTimestamp(text: string): Date | undefined {
  const date = parseRfc3339(text) ?? new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A string attribute's value, or undefined when null or not yet known. */
export function knownString(object: CtyObject, name: string): string | undefined {
  const value = object[name];
  return typeof value === "string" ? value : undefined;
}

/** The id of a stored token, which the hooks cannot work without; null only in a state an import left incomplete. */
export function requiredId(typeName: string, id: string | null): string {
  if (id === null) throw new Error(`${typeName}: "id" is not known`);
  return id;
}

/** The refreshed times of a token, keeping stored texts that name the same instant. */
export function refreshedTimes(known: { readonly created_at?: string | null; readonly expired_at?: string | null }, token: AuthenticationToken): { created_at: string; expired_at: string | null } {
  return { created_at: equivalentTimestamp(known.created_at ?? null, token.createdAt) ?? token.createdAt, expired_at: equivalentTimestamp(known.expired_at ?? null, token.expiredAt) };
}

/** The secret of a token just created; a create response without one is a failure. */
function revealSecret(token: AuthenticationToken): string {
  const secret = token.token?.reveal();
  if (!secret) throw new Error(`HCP Terraform created token ${token.id} but returned no secret`);
  return secret;
}

/**
 * The state after a create: `planned` with the new token's outputs. Warns when HCP Terraform's
 * default expiry applied; fails (keeping the token in state, which the engine taints) when the
 * API set another expiry than the configured one, e.g. capped by the organization's TTL policy.
 */
export function createdState<Planned extends { readonly expired_at?: string | null }, Extra extends object = object>(
  ctx: Pick<ResourceContext<unknown>, "warnOncePerRun">,
  request: { readonly planned: Planned; readonly token: AuthenticationToken; readonly extra?: Extra; readonly private: PrivateState },
): Planned & Extra & TokenOutputs {
  const { planned, token } = request;
  const state = { ...planned, ...(request.extra as Extra), id: token.id, token: revealSecret(token), ...refreshedTimes(planned, token) };
  const requested = planned.expired_at;
  if (typeof requested === "string" && (token.expiredAt === null || !sameInstant(requested, token.expiredAt))) {
    throw new PartialStateError(
      { ...state, expired_at: token.expiredAt },
      new AttributeError(
        `HCP Terraform set token ${token.id} to expire at ${token.expiredAt ?? "never"} instead of the configured ${requested}\n` +
          "The organization's token TTL policy may cap expiries; choose an expired_at it allows. The token was created and is saved as tainted, so the next apply replaces it.",
        ["expired_at"],
      ),
      request.private,
    );
  }
  if (typeof requested !== "string") {
    // Once per run: a stack of several tokens would otherwise repeat the same note for each.
    ctx.warnOncePerRun(
      "expired_at is not set, so HCP Terraform's default expiry applies",
      "Tokens created without expired_at expire when HCP Terraform's default says, two years after creation; " +
        "expired_at then holds that date. Set expired_at to choose, or renew_before to have a plan replace a token before it expires.",
      ["expired_at"],
    );
  }
  return state;
}

/**
 * The (partial) state of an imported token: no secret, since the API never returns it again; the
 * framework leaves the local settings null.
 */
export function importedState<T extends object>(
  token: AuthenticationToken,
  attributes: T,
): T & { readonly id: string; readonly token: null; readonly created_at: string; readonly expired_at: string | null } {
  return { ...attributes, id: token.id, token: null, created_at: token.createdAt, expired_at: token.expiredAt };
}

/** The warning every import gives: the token works, but Terraform cannot know its secret. */
export function warnSecretNotImported(ctx: Pick<ResourceContext<unknown>, "warn">, tokenId: string): void {
  ctx.warn(
    "The token's secret cannot be imported",
    `HCP Terraform returns a token's secret only when it is created, so "token" stays null for ${tokenId}. ` +
      "To get a secret into state, replace the token: terraform apply -replace=<address>.",
    ["token"],
  );
}

/**
 * Plan-time check for a token about to be created: a configured `expired_at` must lie ahead. Not
 * an attribute validator, because an existing token whose expiry has passed must still plan its
 * rotation and be destroyable without editing the configuration first.
 */
export function expiryInFutureIssues(config: CtyObject, now: Date): ValidationIssue[] {
  const message = futureRfc3339(() => now.getTime())(knownString(config, "expired_at"));
  return message ? [{ path: ["expired_at"], summary: `expired_at ${message}`, detail: "HCP Terraform refuses to create a token that has already expired." }] : [];
}
