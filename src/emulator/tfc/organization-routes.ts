import type { Router } from "../http/router";
import { emptyReply, isReply, type Reply } from "../http/reply";
import { permittedOrganization, type TfcContext } from "./context";
import { accountResource, organizationResource } from "./documents";
import { invalidAttribute, jsonApiReply, notFound, requestAttributes, unauthorized } from "./jsonapi";
import { paginate } from "./pagination";

/** HCP Terraform's rule for organization names (they are also the organization's id in URLs). */
const ORGANIZATION_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Organizations (Infisical validates a TFC credential by listing them; go-tfe's tests create and
 * delete one per test), their (always empty) stacks list, and `/account/details`.
 */
export function addOrganizationRoutes(router: Router<TfcContext>): void {
  router
    .add("GET", "/organizations", (context) => {
      const visible = context.store.organizations().filter((organization) => context.access.isMember(context.token, organization.name));
      const page = paginate(visible, context.exchange);
      return jsonApiReply(200, {
        data: page.items.map((organization) => organizationResource(organization, context.token, context.access)),
        links: page.links,
        meta: page.meta,
      });
    })
    .add("POST", "/organizations", createOrganization)
    .add("GET", "/organizations/:organization", (context, { organization }) => {
      const found = permittedOrganization(context, organization, (token, name) => context.access.isMember(token, name));
      return isReply(found) ? found : jsonApiReply(200, { data: organizationResource(found, context.token, context.access) });
    })
    .add("DELETE", "/organizations/:organization", (context, { organization }) => {
      const found = permittedOrganization(context, organization, (token, name) => context.access.isOwner(token, name));
      if (isReply(found)) return found;
      context.store.deleteOrganization(found);
      return emptyReply(204);
    })
    .add("GET", "/organizations/:organization/stacks", (context, { organization }) => {
      const found = permittedOrganization(context, organization, (token, name) => context.access.isMember(token, name));
      if (isReply(found)) return found;
      const page = paginate([], context.exchange);
      return jsonApiReply(200, { data: page.items, links: page.links, meta: page.meta });
    })
    .add("GET", "/account/details", (context) => {
      const account = accountResource(context.token, context.store);
      return account ? jsonApiReply(200, { data: account }) : unauthorized();
    });
}

/** Only a person's user token may create an organization; its user becomes the first owner. */
function createOrganization(context: TfcContext): Reply {
  const user = context.token.kind === "user" && context.token.userId !== null ? context.store.user(context.token.userId) : undefined;
  if (!user) return notFound();
  const attributes = requestAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  const { name, email } = attributes;
  if (typeof name !== "string" || name === "") return invalidAttribute("Name can't be blank", "name");
  if (!ORGANIZATION_NAME.test(name)) return invalidAttribute("Name is invalid: use only letters, numbers, - and _", "name");
  if (context.store.organization(name) !== undefined) return invalidAttribute("Name has already been taken", "name");
  if (typeof email !== "string" || email.trim() === "") return invalidAttribute("Email can't be blank", "email");
  const organization = context.store.addOrganization(name, email);
  const owners = context.store.team(organization.ownersTeamId);
  if (owners) context.store.addTeamMember(owners, user);
  return jsonApiReply(201, { data: organizationResource(organization, context.token, context.access) });
}
