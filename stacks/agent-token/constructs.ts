// In your own app, import from "cdktf-token-hooks/custom/constructs".
import { providerConstructs } from "../../src/custom/constructs";
import { agentPoolSchema, agentTokenSchema, tfcAgentsProviderSchema } from "./schema";

// Built from the schemas alone, so synth loads no hook: the plugin is bundled from the module
// found by convention beside this file, ./tfcagents.provider.ts.
const tfcAgents = providerConstructs(tfcAgentsProviderSchema);

/** `provider "tfcagents"`: credentials come from TFE_TOKEN and TFE_ADDRESS / TFE_HOSTNAME unless given. */
export const TfcAgentsProvider = tfcAgents.Provider;
/** `tfcagents_pool`: an agent pool of an organization. */
export const AgentPool = tfcAgents.resource(agentPoolSchema);
/** `tfcagents_token`: an agent token of a pool; `token` is its (sensitive) secret. */
export const AgentToken = tfcAgents.resource(agentTokenSchema);
