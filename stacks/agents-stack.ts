import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AgentPool, AgentToken, TfcAgentsProvider } from "./agent-token/constructs";
import type { StackSettings } from "./settings";

/**
 * A resource this package does not ship, written with `cdktf-token-hooks/custom`: an agent pool
 * and the token its build agents register with (the provider is in ./agent-token).
 */
export class AgentsStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: StackSettings) {
    super(scope, id);
    new TfcAgentsProvider(this, "tfcagents");
    const pool = new AgentPool(this, "build-agents", { organization: settings.organization, name: "build-agents" });
    const token = new AgentToken(this, "build-agent-token", { agentPoolId: pool.id, description: "build agents" });
    new TerraformOutput(this, "agent_pool_id", { value: pool.id });
    new TerraformOutput(this, "agent_token_id", { value: token.id });
    new TerraformOutput(this, "agent_token", { value: token.token, sensitive: true });
  }
}
