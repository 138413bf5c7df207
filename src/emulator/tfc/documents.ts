import { createHash } from "node:crypto";
import type { AccessPolicy } from "./access";
import { timestamp } from "./jsonapi";
import type { AgentPool, ApiToken, Organization, Team } from "./model";
import type { TfcStore } from "./store";

/**
 * An `authentication-tokens` resource. `secret` is set only in create responses. Agent tokens
 * never expire, and the API documents them without `expired-at`.
 */
export function tokenResource(token: ApiToken, secret: string | null = null): Record<string, unknown> {
  const relationships: Record<string, unknown> = { "created-by": { data: token.createdBy } };
  if (token.teamId !== null) relationships.team = { data: { id: token.teamId, type: "teams" } };
  const attributes: Record<string, unknown> = {
    "created-at": timestamp(token.createdAt),
    "last-used-at": timestamp(token.lastUsedAt),
    description: token.description,
    token: secret,
  };
  if (token.kind !== "agent") attributes["expired-at"] = timestamp(token.expiredAt);
  return { id: token.id, type: "authentication-tokens", attributes, relationships };
}

/** An `agent-pools` resource; see {@link AgentPool} for why its counts and workspace lists are empty. */
export function agentPoolResource(pool: AgentPool): Record<string, unknown> {
  const self = `/api/v2/agent-pools/${pool.id}`;
  return {
    id: pool.id,
    type: "agent-pools",
    attributes: {
      name: pool.name,
      "created-at": timestamp(pool.createdAt),
      "organization-scoped": pool.organizationScoped,
      "agent-count": 0,
    },
    relationships: {
      agents: { links: { related: `${self}/agents` } },
      "authentication-tokens": { links: { related: `${self}/authentication-tokens` } },
      organization: { data: { id: pool.organization, type: "organizations" } },
      workspaces: { data: [] },
      "allowed-workspaces": { data: [] },
      "allowed-projects": { data: [] },
      "excluded-workspaces": { data: [] },
    },
    links: { self },
  };
}

/** A `teams` resource, with `permissions` as the viewer's. */
export function teamResource(team: Team, viewer: ApiToken, access: AccessPolicy): Record<string, unknown> {
  const canManage = access.canManageTeams(viewer, team.organization);
  const canChange = canManage && !team.isOwners;
  return {
    id: team.id,
    type: "teams",
    attributes: {
      name: team.name,
      "sso-team-id": team.ssoTeamId,
      "users-count": team.userIds.length,
      visibility: team.visibility,
      "allow-member-token-management": team.allowMemberTokenManagement,
      "is-unified": false,
      permissions: {
        "can-update-membership": canManage,
        "can-destroy": canChange,
        "can-update-organization-access": canChange,
        "can-update-api-token": access.canManageTeamTokens(viewer, team),
        "can-update-visibility": canChange,
      },
      "organization-access": { ...team.organizationAccess },
    },
    relationships: {
      organization: { data: { id: team.organization, type: "organizations" } },
      users: { data: team.userIds.map((id) => ({ id, type: "users" })) },
      "organization-memberships": { data: [] },
      "authentication-token": { meta: {} },
    },
    links: { self: `/api/v2/teams/${team.id}` },
  };
}

/** An `organizations` resource (its id is its name), with `permissions` as the viewer's. */
export function organizationResource(organization: Organization, viewer: ApiToken, access: AccessPolicy): Record<string, unknown> {
  const isOwner = access.isOwner(viewer, organization.name);
  return {
    id: organization.name,
    type: "organizations",
    attributes: {
      name: organization.name,
      "external-id": organization.externalId,
      email: organization.email,
      "created-at": timestamp(organization.createdAt),
      "collaborator-auth-policy": "password",
      "plan-expired": false,
      "saml-enabled": false,
      permissions: {
        "can-update": isOwner,
        "can-destroy": isOwner,
        "can-create-team": access.canManageTeams(viewer, organization.name),
        "can-update-api-token": access.canManageOrganizationTokens(viewer, organization.name),
        "can-access-via-teams": true,
      },
    },
    relationships: {
      "authentication-token": { links: { related: `/api/v2/organizations/${organization.name}/authentication-token` } },
    },
    links: { self: `/api/v2/organizations/${organization.name}` },
  };
}

/**
 * `/account/details`: the token's user, or for team and organization tokens the synthetic
 * service user they act as, pointing at the team or organization in `authenticated-resource`.
 */
export function accountResource(token: ApiToken, store: TfcStore): Record<string, unknown> | undefined {
  const subject = accountSubject(token, store);
  if (!subject) return undefined;
  return {
    id: subject.userId,
    type: "users",
    attributes: {
      username: subject.username,
      "is-service-account": subject.isServiceAccount,
      "auth-method": "tfc",
      "avatar-url": gravatarUrl(subject.email || subject.username),
      "v2-only": subject.isServiceAccount,
      "is-site-admin": subject.isSiteAdmin,
      "is-sso-login": false,
      email: subject.email,
      "unconfirmed-email": null,
      "two-factor": { enabled: false, verified: false },
      permissions: {
        "can-create-organizations": !subject.isServiceAccount,
        "can-change-email": !subject.isServiceAccount,
        "can-change-username": !subject.isServiceAccount,
        "can-manage-user-tokens": !subject.isServiceAccount,
      },
    },
    relationships: {
      "authentication-tokens": { links: { related: `/api/v2/users/${subject.userId}/authentication-tokens` } },
      "authenticated-resource": { data: subject.resource },
    },
  };
}

interface AccountSubject {
  userId: string;
  username: string;
  email: string;
  isServiceAccount: boolean;
  isSiteAdmin: boolean;
  resource: { id: string; type: "users" | "teams" | "organizations" };
}

/** Agent tokens act for no user: only agents use them, on an API the emulator does not have. */
function accountSubject(token: ApiToken, store: TfcStore): AccountSubject | undefined {
  if (token.kind === "agent") return undefined;
  if (token.kind === "user") {
    const user = token.userId === null ? undefined : store.user(token.userId);
    return user && { userId: user.id, username: user.username, email: user.email, isServiceAccount: false, isSiteAdmin: user.isSiteAdmin, resource: { id: user.id, type: "users" } };
  }
  if (token.kind === "team") {
    const team = token.teamId === null ? undefined : store.team(token.teamId);
    return (
      team && { userId: team.serviceUserId, username: `api-${team.id}`, email: "", isServiceAccount: true, isSiteAdmin: false, resource: { id: team.id, type: "teams" } }
    );
  }
  const organization = token.organization === null ? undefined : store.organization(token.organization);
  return (
    organization && {
      userId: organization.serviceUserId,
      username: `api-org-${organization.name}`,
      email: "",
      isServiceAccount: true,
      isSiteAdmin: false,
      resource: { id: organization.name, type: "organizations" },
    }
  );
}

/** Gravatar's address for an email, which is how HCP Terraform fills `avatar-url`. */
function gravatarUrl(email: string): string {
  return `https://www.gravatar.com/avatar/${createHash("md5").update(email.trim().toLowerCase()).digest("hex")}?s=100&d=mm`;
}
