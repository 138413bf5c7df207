import type { ProviderDefinition } from "../plugin/framework/definition";
import { createLogger } from "../plugin/protocol/log";
import { DescribedTokenJournal } from "../resources/described-token-journal";
import { infisicalHerokuConnectionResource, infisicalTerraformCloudConnectionResource } from "../resources/infisical-connection";
import { auditTrailTokenResource, organizationTokenResource } from "../resources/organization-token";
import { teamTokenResource } from "../resources/team-token";
import { createProviderClients, type ProviderClients } from "./clients";
import { providerSchema } from "./schema";

export { PROVIDER_SOURCE, PROVIDER_VERSION } from "./address";

let journal: DescribedTokenJournal | undefined;

/** This process's journal, opened when a provider configuration first needs it. */
function processJournal(): DescribedTokenJournal {
  return (journal ??= DescribedTokenJournal.forWorkingDirectory({ log: createLogger({ module: "provider.tokenhooks" }) }));
}

/** The `tokenhooks` provider served by the plugin executable. */
export const tokenhooksProvider: ProviderDefinition<ProviderClients> = {
  typeName: "tokenhooks",
  schema: providerSchema,
  configure: (config) => createProviderClients(config, processJournal()),
  finish: (outcome) => journal?.finish(outcome),
  resources: [
    teamTokenResource,
    organizationTokenResource,
    auditTrailTokenResource,
    infisicalTerraformCloudConnectionResource,
    infisicalHerokuConnectionResource,
  ],
};
