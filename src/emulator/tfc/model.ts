/** An HCP Terraform organization. Its id in the API is its name. */
export interface Organization {
  name: string;
  externalId: string;
  email: string;
  createdAt: number;
  ownersTeamId: string;
  /** The synthetic user that the organization token acts as (see `/account/details`). */
  serviceUserId: string;
  /** The id of the feature set (plan) its subscription is on; see {@link FEATURE_SETS}. */
  featureSetId: string;
}

/**
 * An agent pool. The emulator runs no agents and has no workspaces or projects, so its agent
 * count is always 0 and its workspace relationships always empty.
 */
export interface AgentPool {
  id: string;
  organization: string;
  name: string;
  organizationScoped: boolean;
  createdAt: number;
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
  /** Site administrators may call the `/admin` API (Terraform Enterprise's admin tokens). */
  isSiteAdmin: boolean;
}

/** Which kind of principal a token authenticates. */
export type TokenKind = "user" | "team" | "organization" | "audit-trails" | "agent";

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
  /** The agent pool an agent token belongs to. */
  agentPoolId: string | null;
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

/** Team, organization and audit tokens created without `expired-at` expire this many calendar years after creation. */
export const DEFAULT_TOKEN_LIFETIME_YEARS = 2;

/**
 * The default expiry of a token created at `createdAt`: the same instant {@link DEFAULT_TOKEN_LIFETIME_YEARS}
 * calendar years later (go-tfe checks `CreatedAt.AddDate(2, 0, 0)`), so a 29 February inside adds a day.
 */
export function defaultExpiry(createdAt: number): number {
  const expiry = new Date(createdAt);
  expiry.setUTCFullYear(expiry.getUTCFullYear() + DEFAULT_TOKEN_LIFETIME_YEARS);
  return expiry.getTime();
}

/** A subscription plan, as the admin `feature-sets` list names it, with the entitlements the emulator checks. */
export interface FeatureSet {
  id: string;
  name: string;
  /** `audit-logging` covers the audit-trail token; without it those endpoints answer 404. */
  entitlements: readonly "audit-logging"[];
}

/** The plans an organization's subscription can be moved to; new organizations start on the first. */
export const FEATURE_SETS: readonly FeatureSet[] = [
  { id: "fs-free", name: "Free", entitlements: [] },
  { id: "fs-standard", name: "Standard", entitlements: [] },
  { id: "fs-plus", name: "Plus", entitlements: ["audit-logging"] },
  { id: "fs-business", name: "Business", entitlements: ["audit-logging"] },
];

/** Whether an organization's plan includes an entitlement. */
export function isEntitled(organization: Organization, entitlement: FeatureSet["entitlements"][number]): boolean {
  return FEATURE_SETS.some((featureSet) => featureSet.id === organization.featureSetId && featureSet.entitlements.includes(entitlement));
}

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

export type OrganizationAccessFlag = (typeof ORGANIZATION_ACCESS_FLAGS)[number];

/** True once a token's expiry has passed on the emulator clock. */
export function isExpired(token: ApiToken, now: number): boolean {
  return token.expiredAt !== null && token.expiredAt <= now;
}
