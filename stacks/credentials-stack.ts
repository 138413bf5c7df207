import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import {
  InfisicalHerokuConnection,
  InfisicalTerraformCloudConnection,
  OrganizationToken,
  TeamToken,
  TokenHooksProvider,
} from "../src";
import type { StackSettings } from "./settings";

/**
 * The real use: a CI team token that rotates itself every 30 days and is handed to Infisical as
 * a terraform-cloud app connection (rotation updates the connection before the old token is
 * revoked), an organization token, and a Heroku connection.
 */
export class CredentialsStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: StackSettings) {
    super(scope, id);
    new TokenHooksProvider(this, "tokenhooks");

    const ciToken = new TeamToken(this, "ci-token", {
      teamId: settings.teamId,
      description: "ci deploys",
      rotateAfter: "720h",
    });
    const tfcConnection = new InfisicalTerraformCloudConnection(this, "tfc-connection", {
      name: "tfc-ci-deploys",
      description: "HCP Terraform team token for CI, rotated by cdktf-token-hooks",
      projectId: settings.infisicalProjectId,
      apiToken: ciToken.token,
    });
    const orgToken = new OrganizationToken(this, "org-token", {
      organization: settings.organization,
      forceRegenerate: true,
      rotateAfter: "2160h",
    });

    new TerraformOutput(this, "ci_token", { value: ciToken.token, sensitive: true });
    new TerraformOutput(this, "ci_token_id", { value: ciToken.id });
    new TerraformOutput(this, "ci_token_expires", { value: ciToken.expiredAt });
    new TerraformOutput(this, "tfc_connection_id", { value: tfcConnection.id });
    new TerraformOutput(this, "organization_token", { value: orgToken.token, sensitive: true });

    if (settings.herokuApiKey) {
      const heroku = new InfisicalHerokuConnection(this, "heroku-connection", {
        name: "heroku-deploys",
        projectId: settings.infisicalProjectId,
        authToken: settings.herokuApiKey,
      });
      new TerraformOutput(this, "heroku_connection_id", { value: heroku.id });
    }
  }
}
