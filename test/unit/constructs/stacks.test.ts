import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { InfisicalHerokuConnection, InfisicalTerraformCloudConnection, OrganizationToken, TeamToken, TokenHooksProvider } from "../../../src";
import { LOCK_FILE_NAME, pluginLockBlock } from "../../../src/constructs/provider-lock";
import { localProviderAddress, mirrorExecutablePath } from "../../../src/provider/address";
import { AgentsStack } from "../../../stacks/agents-stack";
import { AgentPool, AgentToken, TfcAgentsProvider } from "../../../stacks/agent-token/constructs";
import { CredentialsStack } from "../../../stacks/credentials-stack";
import { PipelineStack } from "../../../stacks/pipeline-stack";
import type { StackSettings } from "../../../stacks/settings";

const settings: StackSettings = {
  organization: "acme",
  teamId: "team-AbCdEfGh12345678",
  environmentTeams: { staging: "team-StAgInG012345678", production: "team-PrOdUcTi0n123456" },
  infisicalProjectId: "7ffbb072-2575-495a-b5b0-127f88caef78",
  herokuApiKey: "HRKU-fake-heroku-key",
};

describe("the example stacks", () => {
  const credentials = Testing.synth(new CredentialsStack(Testing.app(), "credentials", settings));

  it("declares the provider and every credential", () => {
    expect(credentials).toHaveProvider(TokenHooksProvider);
    expect(credentials).toHaveResourceWithProperties(TeamToken, {
      team_id: settings.teamId,
      description: "ci deploys",
      rotate_after: "720h",
      lifecycle: { create_before_destroy: true },
    });
    expect(credentials).toHaveResourceWithProperties(OrganizationToken, { organization: "acme", force_regenerate: true });
    expect(credentials).toHaveResource(InfisicalHerokuConnection);
  });

  it("feeds the team token into the Infisical connection and keeps secrets sensitive", () => {
    const json = JSON.parse(credentials);
    const connection = Object.values(json.resource.tokenhooks_infisical_terraform_cloud_connection)[0] as Record<string, unknown>;
    expect(connection.api_token).toMatch(/^\$\{tokenhooks_team_token\.[\w-]+\.token\}$/);
    expect(json.output.ci_token.sensitive).toBe(true);
    expect(json.output.organization_token.sensitive).toBe(true);
  });

  it("lays out one pipeline stack per environment", () => {
    const app = Testing.app();
    for (const environment of ["staging", "production"]) {
      const synthesized = Testing.synth(new PipelineStack(app, `pipeline-${environment}`, environment, settings));
      expect(synthesized).toHaveResourceWithProperties(TeamToken, { team_id: settings.environmentTeams[environment] });
      expect(synthesized).toHaveResourceWithProperties(InfisicalTerraformCloudConnection, { name: `tfc-${environment}-pipeline` });
    }
  });

  it("never puts a credential literal into the synthesized configuration except the one the user passed", () => {
    expect(credentials).not.toMatch(/atlasv1/);
    expect(credentials.match(/fake-heroku-key/g)).toHaveLength(1);
  });
});

describe("the agents stack (a resource written with cdktf-token-hooks/custom)", () => {
  it("declares a pool and a token of it, the token's secret only as a sensitive output", () => {
    const agents = Testing.synth(new AgentsStack(Testing.app(), "agents", settings));
    expect(agents).toHaveProvider(TfcAgentsProvider);
    expect(agents).toHaveResourceWithProperties(AgentPool, { organization: "acme", name: "build-agents" });
    expect(agents).toHaveResourceWithProperties(AgentToken, { agent_pool_id: "${tfcagents_pool.build-agents.id}", description: "build agents" });
    const { output } = JSON.parse(agents);
    expect(output).toEqual({
      agent_pool_id: { value: "${tfcagents_pool.build-agents.id}" },
      agent_token_id: { value: "${tfcagents_token.build-agent-token.id}" },
      agent_token: { value: "${tfcagents_token.build-agent-token.token}", sensitive: true },
    });
  });

  it("refuses bad literals at synth, naming the property", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new TfcAgentsProvider(scope, "tfcagents", { address: "http://tfe.example.com" });
      }),
    ).toThrow(/address \(address\): must be an https:\/\/ URL \(plain http:\/\/ only on loopback\)/);
    expect(() =>
      Testing.synthScope((scope) => {
        new TfcAgentsProvider(scope, "tfcagents");
        new AgentToken(scope, "token", { agentPoolId: "pool-1", description: " " });
      }),
    ).toThrow(/agentPoolId \(agent_pool_id\): must be an agent pool id \(apool-\.\.\.\), got "pool-1"[\s\S]*description \(description\): must not be blank/);
  });

  it("packages the provider's plugin into the stack's mirror and lock file, at the version required_providers pins", () => {
    const outdir = Testing.fullSynth(new AgentsStack(Testing.app(), "agents", settings));
    try {
      const stackDir = join(outdir, "stacks", "agents");
      const config = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
      const required = config.terraform.required_providers.tfcagents;
      expect(required).toEqual({ source: "cdktf-token-hooks.local/tfcagents/tfcagents", version: expect.stringMatching(/^0\.0\.0-h[0-9a-f]{16}$/) });
      const address = localProviderAddress("tfcagents", required.version);
      const executable = join(stackDir, "terraform.d", "plugins", mirrorExecutablePath(undefined, address));
      expect(statSync(executable).mode & 0o111).toBe(0o111);
      expect(readFileSync(join(stackDir, LOCK_FILE_NAME), "utf8")).toContain(pluginLockBlock(readFileSync(executable), address));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("constructs", () => {
  it("keep a user-chosen lifecycle on team tokens and leave legacy tokens without one", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        new TokenHooksProvider(stack, "p");
        new TeamToken(stack, "legacy", { teamId: settings.teamId, forceRegenerate: true });
        new TeamToken(stack, "pinned", { teamId: settings.teamId, description: "x", lifecycle: { preventDestroy: true } });
      }),
    );
    const tokens = Object.values(synthesized.resource.tokenhooks_team_token) as Record<string, unknown>[];
    expect(tokens.map((token) => token.lifecycle)).toEqual([undefined, { prevent_destroy: true }]);
  });

  it("reject invalid literal values at synth time, naming the property", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new TeamToken(scope, "bad", { teamId: "not-a-team", rotateAfter: "a week" });
      }),
    ).toThrow(/rotateAfter \(rotate_after\): must be a duration[\s\S]*teamId \(team_id\): must be an HCP Terraform team id/);
  });

  it("pass meta-arguments through and keep every attribute in HCL synthesis", () => {
    const hcl = Testing.synthHcl(new CredentialsStack(Testing.app(), "hcl", settings));
    expect(hcl).toContain("rotate_after");
    expect(hcl).toContain("api_token");
    expect(hcl).toContain("create_before_destroy = true");
  });

  it("offer import code generation", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        new TokenHooksProvider(stack, "p");
        TeamToken.generateConfigForImport(stack, "imported", "at-AbCdEfGh12345678");
      }),
    );
    expect(synthesized.import).toEqual([{ id: "at-AbCdEfGh12345678", to: "tokenhooks_team_token.imported" }]);
  });
});
