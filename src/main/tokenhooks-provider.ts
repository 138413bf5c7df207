import { defineProvider } from "../custom/define-provider";
import { createLogger } from "../plugin/protocol/log";
import { createProviderClients } from "../provider/clients";
import { providerSchema } from "../provider/schema";
import { DescribedTokenJournal } from "../resources/described-token-journal";
import { infisicalHerokuConnectionResource, infisicalTerraformCloudConnectionResource } from "../resources/infisical-connection";
import { auditTrailTokenResource, organizationTokenResource } from "../resources/organization-token";
import type { ResourceClients } from "../resources/resource-clients";
import { teamTokenResource } from "../resources/team-token";

let journal: DescribedTokenJournal | undefined;

/** This process's journal, opened when a provider configuration first needs it. */
function processJournal(): DescribedTokenJournal {
  return (journal ??= DescribedTokenJournal.forWorkingDirectory({ log: createLogger({ module: "provider.tokenhooks" }) }));
}

/** The `tokenhooks` provider served by the plugin executable: its block, its clients and its five resources. */
export const tokenhooksProvider = defineProvider<typeof providerSchema, ResourceClients>(providerSchema, {
  configure: (config): ResourceClients => ({ ...createProviderClients(config), journal: processJournal() }),
  finish: (outcome) => journal?.finish(outcome),
  resources: [
    teamTokenResource,
    organizationTokenResource,
    auditTrailTokenResource,
    infisicalTerraformCloudConnectionResource,
    infisicalHerokuConnectionResource,
  ],
});
