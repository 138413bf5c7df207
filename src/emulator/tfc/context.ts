import type { Exchange } from "../http/exchange";
import type { Reply } from "../http/reply";
import type { AccessPolicy } from "./access";
import { notFound } from "./jsonapi";
import type { ApiToken, CreatorRef, Organization, Team } from "./model";
import type { TfcStore } from "./store";

/** An authenticated HCP Terraform request, as route handlers see it. */
export interface TfcContext {
  exchange: Exchange;
  /** The caller's valid (live, unexpired) token. */
  token: ApiToken;
  store: TfcStore;
  access: AccessPolicy;
  /** Emulator-clock time of the request. */
  now: number;
}

/** The `created-by` of tokens created by this caller. */
export function creatorOf(token: ApiToken): CreatorRef {
  if (token.kind === "user" && token.userId !== null) return { type: "users", id: token.userId };
  if (token.kind === "team" && token.teamId !== null) return { type: "teams", id: token.teamId };
  return { type: "organizations", id: token.organization ?? "" };
}

/** The organization if it exists and the caller passes `allowed`; otherwise 404. */
export function permittedOrganization(
  context: TfcContext,
  name: string,
  allowed: (token: ApiToken, organization: string) => boolean,
): Organization | Reply {
  const organization = context.store.organization(name);
  return organization && allowed(context.token, name) ? organization : notFound();
}

/** The team if it exists and the caller passes `allowed`; otherwise 404. */
export function permittedTeam(context: TfcContext, teamId: string, allowed: (token: ApiToken, team: Team) => boolean): Team | Reply {
  const team = context.store.team(teamId);
  return team && allowed(context.token, team) ? team : notFound();
}
