/** An HCP Terraform organization. Its id in the API is its name. */
export interface Organization {
  name: string;
  externalId: string;
  email: string;
  createdAt: number;
  ownersTeamId: string;
  /** The synthetic user that the organization token acts as (see `/account/details`). */
  serviceUserId: string;
}

/** Team visibility as the API spells it. */
export type TeamVisibility = "secret" | "organization";

/** A team; `isOwners` marks the organization's built-in owners team. */
export interface Team {
  id: string;
  organization: string;
  name: string;
  visibility: TeamVisibility;
  ssoTeamId: string | null;
  allowMemberTokenManagement: boolean;
  organizationAccess: Record<string, boolean>;
  isOwners: boolean;
  userIds: string[];
  createdAt: number;
  /** The synthetic user that the team's tokens act as (see `/account/details`). */
  serviceUserId: string;
}

/** A human user (service users are synthesised per team/org token, see account details). */
export interface User {
  id: string;
  username: string;
  email: string;
}

/** Which kind of principal a token authenticates. */
export type TokenKind = "user" | "team" | "organization" | "audit-trails";

/** JSON:API `created-by` relationship target. */
export interface CreatorRef {
  type: "users" | "teams" | "organizations";
  id: string;
}

/**
 * An API token. Only a digest of the secret is kept. Revoked tokens stay (until pruned) so the
 * emulator can still say which token a stored credential was.
 */
export interface ApiToken {
  id: string;
  kind: TokenKind;
  secretDigest: string;
  organization: string | null;
  teamId: string | null;
  userId: string | null;
  description: string | null;
  /** The team's descriptionless singleton token (`/teams/:id/authentication-token`). */
  legacy: boolean;
  createdAt: number;
  /** Null: never expires. */
  expiredAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  createdBy: CreatorRef;
}

/** Team, organization and audit tokens created without `expired-at` expire after two years. */
export const DEFAULT_TOKEN_LIFETIME_MS = 2 * 365 * 24 * 60 * 60 * 1000;

/** Every organization-access flag the API reports, all false unless granted. */
export const ORGANIZATION_ACCESS_FLAGS = [
  "manage-policies",
  "manage-policy-overrides",
  "manage-workspaces",
  "manage-vcs-settings",
  "manage-providers",
  "manage-modules",
  "manage-run-tasks",
  "manage-projects",
  "read-workspaces",
  "read-projects",
  "manage-membership",
  "manage-teams",
  "manage-organization-access",
  "access-secret-teams",
  "manage-agent-pools",
] as const;

/** True once a token's expiry has passed on the emulator clock. */
export function isExpired(token: ApiToken, now: number): boolean {
  return token.expiredAt !== null && token.expiredAt <= now;
}
