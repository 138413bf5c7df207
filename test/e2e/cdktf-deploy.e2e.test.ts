import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cdktfEnvironment, EXAMPLE_STACKS, exampleStackSettings, runCdktf, writeExampleProject, type CdktfResult } from "../../scripts/cdktf-project.mjs";
import { summarize } from "../../src/cli/emulator-command";
import { startEmulator, type Emulator, type Inventory } from "../../src/emulator";
import { mirrorExecutablePath } from "../../src/provider/address";
import { describeEachEngine } from "../support/engines";
import { leakedSecrets, sensitiveStateValues } from "../support/secrets";

/**
 * The example stacks (stacks/main.ts) through the real cdktf CLI on each engine: `cdktf deploy`
 * of all four stacks (the agents stack through a provider plugin packaged at synth), then
 * `cdktf destroy`, against the emulator in this process. The plugin cache is on (in a private
 * directory), as it is for anyone running cdktf with its defaults.
 */

const CDKTF_TIMEOUT = 300_000;
const TEST_TIMEOUT = CDKTF_TIMEOUT + 30_000;
const MARKED = /^(.+) \(tokenhooks:[a-z0-9]{8}\)$/;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

/** Entries of `after` whose id was not in `before`. */
function added<T extends { id: string }>(after: readonly T[], before: readonly T[]): T[] {
  return after.filter((item) => !before.some((old) => old.id === item.id));
}

describeEachEngine("cdktf deploy and destroy of the example stacks", (engine) => {
  let root: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let baseline: Inventory;
  const secrets = new Map<string, string>();

  const cdktf = (args: string[]): Promise<CdktfResult> => runCdktf(args, { cwd: project, env, timeoutMs: CDKTF_TIMEOUT });
  const expectNoSecretIn = (result: CdktfResult) => expect(leakedSecrets(result.stdout + result.stderr, secrets)).toEqual([]);

  beforeAll(() => {
    emulator.reset();
    root = mkdtempSync(join(tmpdir(), "tokenhooks-cdktf-deploy-"));
    project = join(root, "app");
    mkdirSync(project);
    writeExampleProject(project);
    const cliConfigFile = join(root, "empty.tfrc");
    writeFileSync(cliConfigFile, "");
    const providerEnv = summarize(emulator).env;
    const settings = exampleStackSettings(emulator.seeded);
    env = cdktfEnvironment({ enginePath: engine.path, cliConfigFile, pluginCacheDir: join(root, "plugin-cache"), extra: { ...providerEnv, ...settings } });
    for (const name of ["TFE_TOKEN", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"]) secrets.set(name, providerEnv[name]);
    secrets.set("HEROKU_API_KEY", settings.HEROKU_API_KEY);
    baseline = emulator.inventory();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test(
    "deploy creates the tokens and hands each team token to its Infisical connection",
    async () => {
      const outputsFile = join(root, "outputs.json");
      const result = await cdktf(["deploy", ...EXAMPLE_STACKS, "--auto-approve", "--outputs-file", outputsFile]);
      const stateSecrets = sensitiveStateValues(project);
      expect([...stateSecrets.keys()].filter((name) => name.endsWith(".token"))).toHaveLength(5);
      for (const [name, secret] of stateSecrets) secrets.set(name, secret);
      expectNoSecretIn(result);

      const inventory = emulator.inventory();
      const { seeded } = emulator;
      const [platform, developers] = ["platform", "developers"].map((name) => seeded.otherTeams.find((team) => team.name === name)!.id);
      const teamTokens = added(inventory.teamTokens, baseline.teamTokens);
      for (const token of teamTokens) expect(token.description).toMatch(MARKED);
      const byDescription: Record<string, Inventory["teamTokens"][number]> = Object.fromEntries(
        teamTokens.map((token) => [MARKED.exec(token.description ?? "")?.[1] ?? "", token]),
      );
      expect(Object.fromEntries(Object.entries(byDescription).map(([description, token]) => [description, token.teamId]))).toEqual({
        "ci deploys": platform,
        "staging pipeline": platform,
        "production pipeline": developers,
      });
      expect(added(inventory.organizationTokens, baseline.organizationTokens)).toEqual([
        expect.objectContaining({ organization: seeded.organization, kind: "organization" }),
      ]);

      const agentTokens = added(inventory.agentTokens, baseline.agentTokens);
      expect(agentTokens).toEqual([
        expect.objectContaining({ agentPoolId: expect.stringMatching(/^apool-/), organization: seeded.organization, description: "build agents" }),
      ]);

      const connections: Record<string, Inventory["appConnections"][number]> = Object.fromEntries(
        inventory.appConnections.map((connection) => [connection.name, connection]),
      );
      const tfcConnection = (name: string, description: string) => ({
        id: expect.any(String),
        app: "terraform-cloud",
        name,
        projectId: seeded.infisical.projectId,
        credentialsRef: { service: "tfc", tokenId: byDescription[description].id, valid: true },
      });
      expect(connections).toEqual({
        "tfc-ci-deploys": tfcConnection("tfc-ci-deploys", "ci deploys"),
        "tfc-staging-pipeline": tfcConnection("tfc-staging-pipeline", "staging pipeline"),
        "tfc-production-pipeline": tfcConnection("tfc-production-pipeline", "production pipeline"),
        "heroku-deploys": {
          id: expect.any(String),
          app: "heroku",
          name: "heroku-deploys",
          projectId: seeded.infisical.projectId,
          credentialsRef: { service: "heroku", tokenId: expect.any(String), valid: true },
        },
      });

      // Sensitive outputs stay out of the file unless asked for.
      expect(JSON.parse(readFileSync(outputsFile, "utf8"))).toEqual({
        credentials: {
          ci_token_id: byDescription["ci deploys"].id,
          ci_token_expires: byDescription["ci deploys"].expiredAt,
          tfc_connection_id: connections["tfc-ci-deploys"].id,
          heroku_connection_id: connections["heroku-deploys"].id,
        },
        "pipeline-staging": { deploy_connection_id: connections["tfc-staging-pipeline"].id },
        "pipeline-production": { deploy_connection_id: connections["tfc-production-pipeline"].id },
        agents: { agent_pool_id: agentTokens[0].agentPoolId, agent_token_id: agentTokens[0].id },
      });

      // The engine cached the plugin from the stack's implied mirror, as with cdktf's default cache.
      expect(existsSync(join(root, "plugin-cache", mirrorExecutablePath()))).toBe(true);
    },
    TEST_TIMEOUT,
  );

  test(
    "destroy revokes every token and deletes every connection it created",
    async () => {
      // Destroy what was deployed: the synthesized configuration is reused, as a pipeline that
      // synthesizes once does (newcomer-app.e2e.test.ts covers a destroy that synthesizes again).
      const result = await cdktf(["destroy", ...EXAMPLE_STACKS, "--auto-approve", "--skip-synth"]);
      expectNoSecretIn(result);
      expect(emulator.inventory()).toEqual(baseline);
    },
    TEST_TIMEOUT,
  );
});
