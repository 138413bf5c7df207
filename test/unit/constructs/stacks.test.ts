import { Testing } from "cdktf";
import { InfisicalHerokuConnection, InfisicalTerraformCloudConnection, OrganizationToken, TeamToken, TokenHooksProvider } from "../../../src";
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
