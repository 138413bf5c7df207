import type { ProviderDefinition } from "../plugin/framework/definition";
import { infisicalHerokuConnectionResource, infisicalTerraformCloudConnectionResource } from "../resources/infisical-connection";
import { auditTrailTokenResource, organizationTokenResource } from "../resources/organization-token";
import { teamTokenResource } from "../resources/team-token";
import { createProviderClients, type ProviderClients } from "./clients";
import { providerSchema } from "./schema";

export { PROVIDER_SOURCE, PROVIDER_VERSION } from "./address";

/** The `tokenhooks` provider served by the plugin executable. */
export const tokenhooksProvider: ProviderDefinition<ProviderClients> = {
  typeName: "tokenhooks",
  schema: providerSchema,
  configure: (config) => createProviderClients(config),
  resources: [
    teamTokenResource,
    organizationTokenResource,
    auditTrailTokenResource,
    infisicalTerraformCloudConnectionResource,
    infisicalHerokuConnectionResource,
  ],
};
