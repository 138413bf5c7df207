import { CapacityError } from "../capacity";
import type { History, HistoryResource } from "../control/history";
import { digestSecret, type SeededRandom } from "../random";
import {
  defaultExpiry,
  FEATURE_SETS,
  ORGANIZATION_ACCESS_FLAGS,
  type AgentPool,
  type ApiToken,
  type CreatorRef,
  type Organization,
  type Team,
  type TeamVisibility,
  type TokenKind,
  type User,
} from "./model";

/** Token records kept, revoked ones included; the oldest revoked are pruned first. */
export const MAX_TOKEN_RECORDS = 5000;
/** Teams across all organizations. */
export const MAX_TEAMS = 500;
/** Agent pools across all organizations. */
export const MAX_AGENT_POOLS = 500;

/** Settable team attributes. */
export interface TeamAttributes {
  name: string;
  visibility: TeamVisibility;
  ssoTeamId: string | null;
  allowMemberTokenManagement: boolean;
  organizationAccess: Partial<Record<string, boolean>>;
}

/** Settable agent pool attributes. */
export interface AgentPoolAttributes {
  name: string;
  organizationScoped: boolean;
}

/** What a new token is for. */
export interface NewToken {
  kind: TokenKind;
  organization: string | null;
  teamId: string | null;
  agentPoolId: string | null;
  userId: string | null;
  description: string | null;
  legacy: boolean;
  /** A timestamp, null for never, or `"default"` for the {@link defaultExpiry} of its creation. */
  expiredAt: number | null | "default";
  createdBy: CreatorRef;
}

/** Why a token stopped being valid, for the history. */
export type RevocationReason = "deleted" | "regenerated" | "team-deleted" | "agent-pool-deleted" | "organization-deleted";

const HISTORY_RESOURCE: Record<TokenKind, HistoryResource> = {
  user: "user-token",
  team: "team-token",
  organization: "organization-token",
  "audit-trails": "audit-trails-token",
  agent: "agent-token",
};

/** The emulated HCP Terraform data: organizations, teams, users, agent pools and tokens. */
export class TfcStore {
  readonly #random: SeededRandom;
  readonly #now: () => number;
  readonly #history: History;
  readonly #organizations = new Map<string, Organization>();
  readonly #teams = new Map<string, Team>();
  readonly #users = new Map<string, User>();
  readonly #agentPools = new Map<string, AgentPool>();
  readonly #tokens = new Map<string, ApiToken>();
  readonly #tokenIdByDigest = new Map<string, string>();

  constructor(deps: { random: SeededRandom; now: () => number; history: History }) {
    this.#random = deps.random;
    this.#now = deps.now;
    this.#history = deps.history;
  }

  /** Creates an organization together with its owners team, by default on the first of the {@link FEATURE_SETS}. */
  addOrganization(name: string, email: string, featureSetId: string = FEATURE_SETS[0].id): Organization {
    const ownersTeamId = this.#newId("team-");
    const organization: Organization = {
      name,
      externalId: this.#newId("org-"),
      email,
      createdAt: this.#now(),
      ownersTeamId,
      serviceUserId: this.#newId("user-"),
      featureSetId,
    };
    this.#organizations.set(name, organization);
    const allAccess = Object.fromEntries(ORGANIZATION_ACCESS_FLAGS.map((flag) => [flag, true]));
    this.#teams.set(ownersTeamId, {
      id: ownersTeamId,
      organization: name,
      name: "owners",
      visibility: "organization",
      ssoTeamId: null,
      allowMemberTokenManagement: true,
      organizationAccess: allAccess,
      isOwners: true,
      userIds: [],
      createdAt: this.#now(),
      serviceUserId: this.#newId("user-"),
    });
    this.#history.record("create", "organization", name, { organization: name });
    return organization;
  }

  addUser(username: string, email: string, isSiteAdmin = false): User {
    const user: User = { id: this.#newId("user-"), username, email, isSiteAdmin };
    this.#users.set(user.id, user);
    return user;
  }

  addTeamMember(team: Team, user: User): void {
    if (!team.userIds.includes(user.id)) team.userIds.push(user.id);
  }

  organization(name: string): Organization | undefined {
    return this.#organizations.get(name);
  }

  organizations(): Organization[] {
    return [...this.#organizations.values()];
  }

  user(id: string): User | undefined {
    return this.#users.get(id);
  }

  team(id: string): Team | undefined {
    return this.#teams.get(id);
  }

  teamsOf(organization: string): Team[] {
    return [...this.#teams.values()].filter((team) => team.organization === organization);
  }

  teamByName(organization: string, name: string): Team | undefined {
    const wanted = name.toLowerCase();
    return this.teamsOf(organization).find((team) => team.name.toLowerCase() === wanted);
  }

  addTeam(organization: string, attributes: TeamAttributes): Team {
    if (this.#teams.size >= MAX_TEAMS) throw new CapacityError("teams", MAX_TEAMS);
    const team: Team = {
      id: this.#newId("team-"),
      organization,
      name: attributes.name,
      visibility: attributes.visibility,
      ssoTeamId: attributes.ssoTeamId,
      allowMemberTokenManagement: attributes.allowMemberTokenManagement,
      organizationAccess: mergeAccess({}, attributes.organizationAccess),
      isOwners: false,
      userIds: [],
      createdAt: this.#now(),
      serviceUserId: this.#newId("user-"),
    };
    this.#teams.set(team.id, team);
    this.#history.record("create", "team", team.id, { organization, name: team.name });
    return team;
  }

  updateTeam(team: Team, changes: Partial<TeamAttributes>): void {
    if (changes.name !== undefined) team.name = changes.name;
    if (changes.visibility !== undefined) team.visibility = changes.visibility;
    if (changes.ssoTeamId !== undefined) team.ssoTeamId = changes.ssoTeamId;
    if (changes.allowMemberTokenManagement !== undefined) team.allowMemberTokenManagement = changes.allowMemberTokenManagement;
    if (changes.organizationAccess !== undefined) team.organizationAccess = mergeAccess(team.organizationAccess, changes.organizationAccess);
    this.#history.record("update", "team", team.id, { organization: team.organization, name: team.name });
  }

  /** Deletes an organization with its teams; every token of the organization or its teams is revoked. */
  deleteOrganization(organization: Organization): void {
    for (const team of this.teamsOf(organization.name)) this.deleteTeam(team);
    for (const pool of this.agentPoolsOf(organization.name)) this.deleteAgentPool(pool);
    this.#revokeLiveTokens((token) => token.organization === organization.name, "organization-deleted");
    this.#organizations.delete(organization.name);
    this.#history.record("delete", "organization", organization.name, { organization: organization.name });
  }

  /** Moves an organization's subscription to another plan. */
  setFeatureSet(organization: Organization, featureSetId: string): void {
    organization.featureSetId = featureSetId;
    this.#history.record("update", "organization", organization.name, { organization: organization.name, featureSetId });
  }

  /** Deletes a team and revokes every token it had. */
  deleteTeam(team: Team): void {
    this.#revokeLiveTokens((token) => token.teamId === team.id, "team-deleted");
    this.#teams.delete(team.id);
    this.#history.record("delete", "team", team.id, { organization: team.organization, name: team.name });
  }

  agentPool(id: string): AgentPool | undefined {
    return this.#agentPools.get(id);
  }

  /** The organization's agent pools, oldest first. */
  agentPoolsOf(organization: string): AgentPool[] {
    return [...this.#agentPools.values()].filter((pool) => pool.organization === organization);
  }

  addAgentPool(organization: string, attributes: AgentPoolAttributes): AgentPool {
    if (this.#agentPools.size >= MAX_AGENT_POOLS) throw new CapacityError("agent pools", MAX_AGENT_POOLS);
    const pool: AgentPool = { id: this.#newId("apool-"), organization, ...attributes, createdAt: this.#now() };
    this.#agentPools.set(pool.id, pool);
    this.#history.record("create", "agent-pool", pool.id, { organization, name: pool.name });
    return pool;
  }

  updateAgentPool(pool: AgentPool, changes: Partial<AgentPoolAttributes>): void {
    if (changes.name !== undefined) pool.name = changes.name;
    if (changes.organizationScoped !== undefined) pool.organizationScoped = changes.organizationScoped;
    this.#history.record("update", "agent-pool", pool.id, { organization: pool.organization, name: pool.name });
  }

  /** Deletes an agent pool and revokes every token it had. */
  deleteAgentPool(pool: AgentPool): void {
    this.#revokeLiveTokens((token) => token.agentPoolId === pool.id, "agent-pool-deleted");
    this.#agentPools.delete(pool.id);
    this.#history.record("delete", "agent-pool", pool.id, { organization: pool.organization, name: pool.name });
  }

  /** Creates a token and returns its secret, the only time the secret exists outside the caller. */
  issueToken(input: NewToken): { token: ApiToken; secret: string } {
    this.#makeRoomForToken();
    const secret = `${this.#random.alphanumeric(14)}.atlasv1.${this.#random.alphanumeric(67)}`;
    const createdAt = this.#now();
    const token: ApiToken = {
      ...input,
      id: this.#newId("at-"),
      secretDigest: digestSecret(secret),
      createdAt,
      expiredAt: input.expiredAt === "default" ? defaultExpiry(createdAt) : input.expiredAt,
      lastUsedAt: null,
      revokedAt: null,
    };
    this.#tokens.set(token.id, token);
    this.#tokenIdByDigest.set(token.secretDigest, token.id);
    this.#history.record("create", HISTORY_RESOURCE[token.kind], token.id, tokenDetails(token));
    return { token, secret };
  }

  revokeToken(token: ApiToken, reason: RevocationReason): void {
    if (token.revokedAt !== null) return;
    token.revokedAt = this.#now();
    this.#history.record("revoke", HISTORY_RESOURCE[token.kind], token.id, { ...tokenDetails(token), reason });
  }

  /** Revokes every live token that `matches`, for one reason (its owner went away). */
  #revokeLiveTokens(matches: (token: ApiToken) => boolean, reason: RevocationReason): void {
    for (const token of this.liveTokens()) {
      if (matches(token)) this.revokeToken(token, reason);
    }
  }

  /** A token that has not been revoked (it may have expired). */
  liveToken(id: string): ApiToken | undefined {
    const token = this.#tokens.get(id);
    return token && token.revokedAt === null ? token : undefined;
  }

  liveTokens(): ApiToken[] {
    return [...this.#tokens.values()].filter((token) => token.revokedAt === null);
  }

  /** The token a secret belongs to, revoked or not, while its record is kept. */
  tokenForSecret(secret: string): ApiToken | undefined {
    const id = this.#tokenIdByDigest.get(digestSecret(secret));
    return id === undefined ? undefined : this.#tokens.get(id);
  }

  legacyTeamToken(teamId: string): ApiToken | undefined {
    return this.liveTokens().find((token) => token.legacy && token.teamId === teamId);
  }

  organizationToken(organization: string, kind: "organization" | "audit-trails"): ApiToken | undefined {
    return this.liveTokens().find((token) => token.kind === kind && token.organization === organization);
  }

  /** Records a successful authentication. */
  markUsed(token: ApiToken): void {
    token.lastUsedAt = this.#now();
  }

  #makeRoomForToken(): void {
    if (this.#tokens.size < MAX_TOKEN_RECORDS) return;
    const revoked = [...this.#tokens.values()]
      .filter((token) => token.revokedAt !== null)
      .sort((a, b) => (a.revokedAt ?? 0) - (b.revokedAt ?? 0));
    const oldest = revoked[0];
    if (!oldest) throw new CapacityError("live API tokens", MAX_TOKEN_RECORDS);
    this.#tokens.delete(oldest.id);
    this.#tokenIdByDigest.delete(oldest.secretDigest);
  }

  #newId(prefix: string): string {
    return prefix + this.#random.alphanumeric(16);
  }
}

function mergeAccess(current: Record<string, boolean>, changes: Partial<Record<string, boolean>>): Record<string, boolean> {
  const merged: Record<string, boolean> = Object.fromEntries(ORGANIZATION_ACCESS_FLAGS.map((flag) => [flag, false]));
  for (const source of [current, changes]) {
    for (const [flag, value] of Object.entries(source)) {
      if (typeof value === "boolean") merged[flag] = value;
    }
  }
  return merged;
}

function tokenDetails(token: ApiToken): Record<string, string | boolean | null> {
  return { organization: token.organization, teamId: token.teamId, agentPoolId: token.agentPoolId, legacy: token.legacy, description: token.description };
}
