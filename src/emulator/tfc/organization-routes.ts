import type { Router } from "../http/router";
import { isReply } from "../http/reply";
import { permittedOrganization, type TfcContext } from "./context";
import { accountResource, organizationResource } from "./documents";
import { jsonApiReply, unauthorized } from "./jsonapi";
import { paginate } from "./pagination";

/** Organizations (Infisical validates a TFC credential by listing them) and `/account/details`. */
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
    .add("GET", "/organizations/:organization", (context, { organization }) => {
      const found = permittedOrganization(context, organization, (token, name) => context.access.isMember(token, name));
      return isReply(found) ? found : jsonApiReply(200, { data: organizationResource(found, context.token, context.access) });
    })
    .add("GET", "/account/details", (context) => {
      const account = accountResource(context.token, context.store);
      return account ? jsonApiReply(200, { data: account }) : unauthorized();
    });
}
