import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { InfisicalTerraformCloudConnection, TeamToken, TokenHooksProvider } from "../src";
import type { StackSettings } from "./settings";

/**
 * GitOps layout: one stack per environment, the same construct code with different targets, so
 * a pipeline deploys `pipeline-staging` and `pipeline-production` independently.
 */
export class PipelineStack extends TerraformStack {
  constructor(scope: Construct, id: string, environment: string, settings: StackSettings) {
    super(scope, id);
    new TokenHooksProvider(this, "tokenhooks");
    const deployToken = new TeamToken(this, "deploy-token", {
      teamId: settings.environmentTeams[environment],
      description: `${environment} pipeline`,
      rotateAfter: "168h",
      renewBefore: "72h",
    });
    const connection = new InfisicalTerraformCloudConnection(this, "deploy-connection", {
      name: `tfc-${environment}-pipeline`,
      projectId: settings.infisicalProjectId,
      apiToken: deployToken.token,
    });
    new TerraformOutput(this, "deploy_token", { value: deployToken.token, sensitive: true });
    new TerraformOutput(this, "deploy_connection_id", { value: connection.id });
  }
}
