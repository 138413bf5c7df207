import type { Router } from "../http/router";
import { emptyReply, isReply, type Reply } from "../http/reply";
import { creatorOf, permittedOrganization, type TfcContext } from "./context";
import { tokenResource } from "./documents";
import { parseExpiredAt } from "./expiry";
import { jsonApiError, jsonApiReply, notFound, requestAttributes } from "./jsonapi";
import { isEntitled, type Organization } from "./model";

type OrganizationTokenKind = "organization" | "audit-trails";

/**
 * The organization token and the audit-trail token (`?token=audit-trails`): owners-only singletons.
 * The audit-trail token needs the plan's `audit-logging` entitlement; without it, 404.
 */
export function addOrganizationTokenRoutes(router: Router<TfcContext>): void {
  const path = "/organizations/:organization/authentication-token";
  router
    .add("POST", path, (context, { organization }) => withOrganization(context, organization, (org, kind) => createToken(context, org, kind)))
    .add("GET", path, (context, { organization }) =>
      withOrganization(context, organization, (org, kind) => {
        const token = context.store.organizationToken(org.name, kind);
        return token ? jsonApiReply(200, { data: tokenResource(token) }) : notFound();
      }),
    )
    .add("DELETE", path, (context, { organization }) =>
      withOrganization(context, organization, (org, kind) => {
        const token = context.store.organizationToken(org.name, kind);
        if (!token) return notFound();
        context.store.revokeToken(token, "deleted");
        return emptyReply(204);
      }),
    );
}

function withOrganization(context: TfcContext, name: string, act: (organization: Organization, kind: OrganizationTokenKind) => Reply): Reply {
  const organization = permittedOrganization(context, name, (token, org) => context.access.canManageOrganizationTokens(token, org));
  if (isReply(organization)) return organization;
  const tokenType = context.exchange.query.get("token");
  if (tokenType !== null && tokenType !== "audit-trails") return jsonApiError(400, "invalid token type", `Unknown token type: ${tokenType}`);
  if (tokenType === "audit-trails" && !isEntitled(organization, "audit-logging")) return notFound();
  return act(organization, tokenType === "audit-trails" ? "audit-trails" : "organization");
}

/** POST replaces the singleton: the previous secret is revoked. */
function createToken(context: TfcContext, organization: Organization, kind: OrganizationTokenKind): Reply {
  const attributes = requestAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  const expiredAt = parseExpiredAt(attributes["expired-at"], context.now);
  if (isReply(expiredAt)) return expiredAt;
  const previous = context.store.organizationToken(organization.name, kind);
  const { token, secret } = context.store.issueToken({
    kind,
    organization: organization.name,
    teamId: null,
    agentPoolId: null,
    userId: null,
    description: null,
    legacy: false,
    expiredAt,
    createdBy: creatorOf(context.token),
  });
  if (previous) context.store.revokeToken(previous, "regenerated");
  return jsonApiReply(201, { data: tokenResource(token, secret) });
}
