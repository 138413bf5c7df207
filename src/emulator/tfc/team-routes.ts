import { isRecord } from "../http/exchange";
import type { Router } from "../http/router";
import { emptyReply, isReply, type Reply } from "../http/reply";
import { permittedOrganization, permittedTeam, type TfcContext } from "./context";
import { teamResource } from "./documents";
import { invalidAttribute, jsonApiReply, requestAttributes } from "./jsonapi";
import type { Team, TeamVisibility } from "./model";
import { paginate } from "./pagination";
import type { TeamAttributes } from "./store";

/** Enough of the teams API for HashiCorp's `tfe_team` to create, read, update and delete a team. */
export function addTeamRoutes(router: Router<TfcContext>): void {
  router
    .add("GET", "/organizations/:organization/teams", (context, { organization }) => listTeams(context, organization))
    .add("POST", "/organizations/:organization/teams", (context, { organization }) => createTeam(context, organization))
    .add("GET", "/teams/:teamId", (context, { teamId }) => {
      const team = permittedTeam(context, teamId, (token, candidate) => context.access.canSeeTeam(token, candidate));
      return isReply(team) ? team : teamReply(context, team, 200);
    })
    .add("PATCH", "/teams/:teamId", (context, { teamId }) => updateTeam(context, teamId))
    .add("DELETE", "/teams/:teamId", (context, { teamId }) => {
      const team = manageableTeam(context, teamId);
      if (isReply(team)) return team;
      if (team.isOwners) return invalidAttribute("The owners team cannot be deleted", "name");
      context.store.deleteTeam(team);
      return emptyReply(204);
    });
}

function teamReply(context: TfcContext, team: Team, status: number): Reply {
  return jsonApiReply(status, { data: teamResource(team, context.token, context.access) });
}

function manageableTeam(context: TfcContext, teamId: string): Team | Reply {
  return permittedTeam(context, teamId, (token, team) => context.access.canManageTeams(token, team.organization));
}

function listTeams(context: TfcContext, organizationName: string): Reply {
  const organization = permittedOrganization(context, organizationName, (token, name) => context.access.isMember(token, name));
  if (isReply(organization)) return organization;
  const names = context.exchange.query.get("filter[names]")?.split(",").map((name) => name.trim());
  const search = (context.exchange.query.get("q") ?? "").toLowerCase();
  const teams = context.store
    .teamsOf(organization.name)
    .filter((team) => context.access.canSeeTeam(context.token, team))
    .filter((team) => !names || names.includes(team.name))
    .filter((team) => team.name.toLowerCase().includes(search))
    .sort((a, b) => a.name.localeCompare(b.name));
  const page = paginate(teams, context.exchange);
  return jsonApiReply(200, {
    data: page.items.map((team) => teamResource(team, context.token, context.access)),
    links: page.links,
    meta: page.meta,
  });
}

function createTeam(context: TfcContext, organizationName: string): Reply {
  const organization = permittedOrganization(context, organizationName, (token, name) => context.access.canManageTeams(token, name));
  if (isReply(organization)) return organization;
  const attributes = requestAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  const changes = parseTeamAttributes(context, organization.name, attributes, undefined);
  if (isReply(changes)) return changes;
  if (changes.name === undefined) return invalidAttribute("Name can't be blank", "name");
  const team = context.store.addTeam(organization.name, {
    name: changes.name,
    visibility: changes.visibility ?? "secret",
    ssoTeamId: changes.ssoTeamId ?? null,
    allowMemberTokenManagement: changes.allowMemberTokenManagement ?? true,
    organizationAccess: changes.organizationAccess ?? {},
  });
  return teamReply(context, team, 201);
}

function updateTeam(context: TfcContext, teamId: string): Reply {
  const team = manageableTeam(context, teamId);
  if (isReply(team)) return team;
  const attributes = requestAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  const changes = parseTeamAttributes(context, team.organization, attributes, team);
  if (isReply(changes)) return changes;
  if (team.isOwners && Object.keys(changes).length > 0) return invalidAttribute("The owners team cannot be changed", "name");
  context.store.updateTeam(team, changes);
  return teamReply(context, team, 200);
}

const VISIBILITIES: readonly TeamVisibility[] = ["secret", "organization"];

/** Validates the attributes present; `existing` is the team being updated (its own name is not a clash). */
function parseTeamAttributes(
  context: TfcContext,
  organization: string,
  attributes: Record<string, unknown>,
  existing: Team | undefined,
): Partial<TeamAttributes> | Reply {
  const changes: Partial<TeamAttributes> = {};
  if (attributes.name !== undefined) {
    const name = attributes.name;
    if (typeof name !== "string" || name.trim() === "") return invalidAttribute("Name can't be blank", "name");
    const clash = context.store.teamByName(organization, name);
    if (clash && clash !== existing) return invalidAttribute("Name has already been taken", "name");
    if (!existing || name !== existing.name) changes.name = name;
  }
  if (attributes.visibility !== undefined) {
    if (!VISIBILITIES.includes(attributes.visibility as TeamVisibility)) return invalidAttribute("Visibility is not included in the list", "visibility");
    changes.visibility = attributes.visibility as TeamVisibility;
  }
  if (attributes["sso-team-id"] !== undefined) {
    const ssoTeamId = attributes["sso-team-id"];
    if (ssoTeamId !== null && typeof ssoTeamId !== "string") return invalidAttribute("Sso team id must be a string", "sso-team-id");
    changes.ssoTeamId = ssoTeamId === "" ? null : ssoTeamId;
  }
  if (attributes["allow-member-token-management"] !== undefined) {
    const allow = attributes["allow-member-token-management"];
    if (typeof allow !== "boolean") return invalidAttribute("Allow member token management must be a boolean", "allow-member-token-management");
    changes.allowMemberTokenManagement = allow;
  }
  if (attributes["organization-access"] !== undefined) {
    const access = attributes["organization-access"];
    if (!isRecord(access) || Object.values(access).some((value) => typeof value !== "boolean")) {
      return invalidAttribute("Organization access must map permission names to booleans", "organization-access");
    }
    changes.organizationAccess = access as Record<string, boolean>;
  }
  return changes;
}
