import type { Router } from "../http/router";
import { emptyReply, isReply, type Reply } from "../http/reply";
import { creatorOf, permittedOrganization, permittedTeam, type TfcContext } from "./context";
import { tokenResource } from "./documents";
import { hasExpiryStatus, parseExpiredAt, parseExpiryStatuses } from "./expiry";
import { invalidAttribute, jsonApiError, jsonApiReply, notFound, requestAttributes } from "./jsonapi";
import type { ApiToken, Team } from "./model";
import { paginate } from "./pagination";

/** Legacy singleton team tokens, described multi-tokens, and the organization-wide list. */
export function addTeamTokenRoutes(router: Router<TfcContext>): void {
  router
    .add("POST", "/teams/:teamId/authentication-token", (context, { teamId }) => createLegacyToken(context, teamId))
    .add("GET", "/teams/:teamId/authentication-token", (context, { teamId }) => withLegacyToken(context, teamId, (token) => jsonApiReply(200, { data: tokenResource(token) })))
    .add("DELETE", "/teams/:teamId/authentication-token", (context, { teamId }) =>
      withLegacyToken(context, teamId, (token) => {
        context.store.revokeToken(token, "deleted");
        return emptyReply(204);
      }),
    )
    .add("POST", "/teams/:teamId/authentication-tokens", (context, { teamId }) => createDescribedToken(context, teamId))
    .add("GET", "/authentication-tokens/:tokenId", (context, { tokenId }) => withManagedToken(context, tokenId, (token) => jsonApiReply(200, { data: tokenResource(token) })))
    .add("DELETE", "/authentication-tokens/:tokenId", (context, { tokenId }) =>
      withManagedToken(context, tokenId, (token) => {
        context.store.revokeToken(token, "deleted");
        return emptyReply(204);
      }),
    )
    .add("GET", "/organizations/:organization/team-tokens", (context, { organization }) => listTeamTokens(context, organization));
}

function managedTeam(context: TfcContext, teamId: string): Team | Reply {
  return permittedTeam(context, teamId, (token, team) => context.access.canManageTeamTokens(token, team));
}

/** POST creates the team's descriptionless token, or regenerates it: the previous secret is revoked. */
function createLegacyToken(context: TfcContext, teamId: string): Reply {
  const team = managedTeam(context, teamId);
  if (isReply(team)) return team;
  const attributes = requestAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  const expiredAt = parseExpiredAt(attributes["expired-at"], context.now);
  if (isReply(expiredAt)) return expiredAt;
  const previous = context.store.legacyTeamToken(team.id);
  const { token, secret } = context.store.issueToken({
    kind: "team",
    organization: team.organization,
    teamId: team.id,
    agentPoolId: null,
    userId: null,
    description: null,
    legacy: true,
    expiredAt,
    createdBy: creatorOf(context.token),
  });
  if (previous) context.store.revokeToken(previous, "regenerated");
  return jsonApiReply(201, { data: tokenResource(token, secret) });
}

function withLegacyToken(context: TfcContext, teamId: string, act: (token: ApiToken) => Reply): Reply {
  const team = managedTeam(context, teamId);
  if (isReply(team)) return team;
  const token = context.store.legacyTeamToken(team.id);
  return token ? act(token) : notFound();
}

function createDescribedToken(context: TfcContext, teamId: string): Reply {
  const team = managedTeam(context, teamId);
  if (isReply(team)) return team;
  const attributes = requestAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  // Optional: go-tfe's tests create described tokens with "" and with no description at all (null).
  const description = attributes.description ?? null;
  if (description !== null && typeof description !== "string") return invalidAttribute("Description must be a string", "description");
  const taken = description !== null && context.store.liveTokens().some((token) => token.teamId === team.id && token.description === description);
  if (taken) return jsonApiError(422, "invalid attributes", "Validation failed: Description has already been taken");
  const expiredAt = parseExpiredAt(attributes["expired-at"], context.now);
  if (isReply(expiredAt)) return expiredAt;
  const { token, secret } = context.store.issueToken({
    kind: "team",
    organization: team.organization,
    teamId: team.id,
    agentPoolId: null,
    userId: null,
    description,
    legacy: false,
    expiredAt,
    createdBy: creatorOf(context.token),
  });
  return jsonApiReply(201, { data: tokenResource(token, secret) });
}

/**
 * Team and agent tokens by `at-` id, for whoever manages their team or pool; user tokens are
 * reachable by their own user only; organization tokens not at all.
 */
function withManagedToken(context: TfcContext, tokenId: string, act: (token: ApiToken) => Reply): Reply {
  const token = context.store.liveToken(tokenId);
  if (!token) return notFound();
  if (token.kind === "team") {
    const team = token.teamId === null ? undefined : context.store.team(token.teamId);
    return team && context.access.canManageTeamTokens(context.token, team) ? act(token) : notFound();
  }
  if (token.kind === "agent") {
    const pool = token.agentPoolId === null ? undefined : context.store.agentPool(token.agentPoolId);
    return pool && context.access.canManageAgentPools(context.token, pool.organization) ? act(token) : notFound();
  }
  if (token.kind === "user" && context.token.kind === "user" && token.userId === context.token.userId) return act(token);
  return notFound();
}

type TeamTokenRow = { token: ApiToken; team: Team };

const SORT_KEYS: Record<string, (row: TeamTokenRow) => string | number> = {
  "team-name": (row) => row.team.name.toLowerCase(),
  "created-by": (row) => row.token.createdBy.id,
  "created-at": (row) => row.token.createdAt,
  "expired-at": (row) => row.token.expiredAt ?? Number.MAX_SAFE_INTEGER,
  "last-used-at": (row) => row.token.lastUsedAt ?? -1,
};

function listTeamTokens(context: TfcContext, organizationName: string): Reply {
  const organization = permittedOrganization(context, organizationName, (token, name) => context.access.isMember(token, name));
  if (isReply(organization)) return organization;
  const query = context.exchange.query;
  const statuses = parseExpiryStatuses(query.get("filter[expiry_status]") ?? query.get("filter[status]"));
  if (isReply(statuses)) return statuses;
  const sort = query.get("sort") ?? "expired-at";
  const sortKey = SORT_KEYS[sort.replace(/^-/, "")];
  if (!sortKey) return jsonApiError(400, "invalid sort", `Unknown sort: ${sort}`);
  const search = (query.get("q") ?? "").toLowerCase();

  const rows: TeamTokenRow[] = [];
  for (const token of context.store.liveTokens()) {
    const team = token.kind === "team" && token.teamId !== null ? context.store.team(token.teamId) : undefined;
    if (!team || team.organization !== organization.name) continue;
    if (!context.access.canManageTeamTokens(context.token, team)) continue;
    if (search !== "" && !team.name.toLowerCase().includes(search)) continue;
    if (statuses && !hasExpiryStatus(token, statuses, context.now)) continue;
    rows.push({ token, team });
  }
  const direction = sort.startsWith("-") ? -1 : 1;
  rows.sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    return (x < y ? -1 : x > y ? 1 : a.token.id.localeCompare(b.token.id)) * direction;
  });
  const page = paginate(rows, context.exchange);
  return jsonApiReply(200, { data: page.items.map((row) => tokenResource(row.token)), links: page.links, meta: page.meta });
}
