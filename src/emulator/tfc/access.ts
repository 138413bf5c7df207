import type { ApiToken, OrganizationAccessFlag, Team } from "./model";
import type { TfcStore } from "./store";

/**
 * Who may do what, on the emulator's simplified but consistent model:
 * - owners (an owners-team member's user token or the owners team's token) and the
 *   organization token manage teams and every team token of their organization;
 * - only owners and the organization token itself manage organization/audit tokens;
 * - a team token manages its own team's tokens, and a team with `manage-teams` access manages teams;
 * - owners, the organization token and teams with `manage-agent-pools` access manage agent pools
 *   and their tokens;
 * - audit-trail and agent tokens are good for nothing here (they only read audit trails, or
 *   serve agents, whose API the emulator does not have).
 * Denials are answered with 404, as HCP Terraform does.
 */
export class AccessPolicy {
  readonly #store: TfcStore;

  constructor(store: TfcStore) {
    this.#store = store;
  }

  isMember(token: ApiToken, organization: string): boolean {
    switch (token.kind) {
      case "user":
        return this.#store.teamsOf(organization).some((team) => token.userId !== null && team.userIds.includes(token.userId));
      case "team":
      case "organization":
        return token.organization === organization;
      case "audit-trails":
      case "agent":
        return false;
    }
  }

  isOwner(token: ApiToken, organization: string): boolean {
    const owners = this.#ownersTeam(organization);
    if (!owners) return false;
    if (token.kind === "team") return token.teamId === owners.id;
    return token.kind === "user" && token.userId !== null && owners.userIds.includes(token.userId);
  }

  canManageOrganizationTokens(token: ApiToken, organization: string): boolean {
    return this.isOwner(token, organization) || this.#isOrganizationToken(token, organization);
  }

  canManageTeams(token: ApiToken, organization: string): boolean {
    return this.#hasOrganizationAccess(token, organization, "manage-teams");
  }

  canManageAgentPools(token: ApiToken, organization: string): boolean {
    return this.#hasOrganizationAccess(token, organization, "manage-agent-pools");
  }

  canManageTeamTokens(token: ApiToken, team: Team): boolean {
    return (
      this.isOwner(token, team.organization) ||
      this.#isOrganizationToken(token, team.organization) ||
      (token.kind === "team" && token.teamId === team.id)
    );
  }

  canSeeTeam(token: ApiToken, team: Team): boolean {
    if (this.canManageTeams(token, team.organization)) return true;
    if (!this.isMember(token, team.organization)) return false;
    return team.visibility === "organization" || this.#teamsActingFor(token, team.organization).includes(team);
  }

  /** Owners and the organization token have every organization access; a team has the flags it was granted. */
  #hasOrganizationAccess(token: ApiToken, organization: string, flag: OrganizationAccessFlag): boolean {
    if (this.isOwner(token, organization) || this.#isOrganizationToken(token, organization)) return true;
    return this.#teamsActingFor(token, organization).some((team) => team.organizationAccess[flag] === true);
  }

  /** The teams whose permissions the token carries: its own team, or its user's teams. */
  #teamsActingFor(token: ApiToken, organization: string): Team[] {
    return this.#store.teamsOf(organization).filter((team) =>
      token.kind === "team" ? token.teamId === team.id : token.kind === "user" && token.userId !== null && team.userIds.includes(token.userId),
    );
  }

  #ownersTeam(organization: string): Team | undefined {
    const org = this.#store.organization(organization);
    return org ? this.#store.team(org.ownersTeamId) : undefined;
  }

  #isOrganizationToken(token: ApiToken, organization: string): boolean {
    return token.kind === "organization" && token.organization === organization;
  }
}
