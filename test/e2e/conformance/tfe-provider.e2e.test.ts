import { join } from "node:path";
import { TfcClient } from "../../src/clients/tfc";
import { startEmulator, type Emulator } from "../../src/emulator";
import { cachedTfeProviderPath, findTfeProvider, installTfeProviderMirror, TFE_PROVIDER_VERSION, type TfeProvider } from "../../scripts/tfe-provider.mjs";
import { describeEachEngine } from "../support/engines";
import { platform, TfWorkdir, type RunResult } from "../support/tf-workdir";

/**
 * HashiCorp's terraform-provider-tfe against the emulator, the way it reaches HCP Terraform:
 * service discovery over HTTPS on `TFE_HOSTNAME`, the emulator's self-signed certificate trusted
 * through `SSL_CERT_FILE`. It proves the emulator is faithful enough for the provider our
 * benchmarks compare against. The provider is built only by CI or on request (see
 * scripts/tfe-provider.mjs); without a build these tests skip. Each test starts from the state
 * the previous one left.
 */

const STEP_TIMEOUT = 180_000;
const provider = findTfeProvider();

if (provider === undefined) {
  const reason = `terraform-provider-tfe v${TFE_PROVIDER_VERSION} is not built at ${cachedTfeProviderPath()}: run \`node scripts/tfe-provider.mjs --build\` or the tests with TOKENHOOKS_BUILD_TFE=1`;
  // Jest lists no test names of a file whose tests all skip: the reason is printed as well.
  console.warn(`skipping the terraform-provider-tfe tests: ${reason}`);
  test.skip(reason, () => {});
} else {
  describeTfeProvider(provider);
}

function describeTfeProvider(tfe: TfeProvider): void {
  let emulator: Emulator;
  let client: TfcClient;
  beforeAll(async () => {
    emulator = await startEmulator();
    client = await TfcClient.create({ address: emulator.tfcAddress, token: emulator.seeded.ownerUserToken });
  });
  afterAll(() => emulator?.close());

  describeEachEngine("terraform-provider-tfe against the emulator", (engine) => {
    let work: TfWorkdir;
    let team: { name: string; visibility: string };
    /** Secrets that must never appear in engine output, by name. */
    const secrets = new Map<string, string>();

    const env = () => ({
      TFE_HOSTNAME: requireValue(emulator.tfcHostname, "tfcHostname"),
      SSL_CERT_FILE: requireValue(emulator.caCertPath, "caCertPath"),
      TFE_TOKEN: emulator.seeded.ownerUserToken,
    });
    const engineRun = (args: string[], expectExit: number[]) => work.run(engine.path, [...args, "-no-color"], { env: env(), expectExit, timeoutMs: STEP_TIMEOUT });
    async function run(args: string[], expectExit: number[] = [0]): Promise<RunResult> {
      const result = await engineRun(args, expectExit);
      // Names, not values, so that a failure does not print the secret either.
      expect([...secrets].filter(([secret]) => result.stdout.includes(secret) || result.stderr.includes(secret)).map(([, name]) => name)).toEqual([]);
      return result;
    }
    const apply = () => run(["apply", "-input=false", "-auto-approve", "-parallelism=2"]);
    const plan = (exit: number) => run(["plan", "-input=false", "-detailed-exitcode"], [exit]);
    const write = () =>
      work.writeConfig({
        terraform: { required_providers: { tfe: { source: "hashicorp/tfe", version: tfe.version } } },
        provider: { tfe: {} },
        resource: {
          tfe_team: { e2e: { organization: emulator.seeded.organization, ...team } },
          tfe_team_token: { e2e: { team_id: "${tfe_team.e2e.id}", description: "e2e through the tfe provider" } },
        },
      });
    /** `show -json` values by address (the only output that may hold a secret); records every token secret it sees. */
    async function shown(): Promise<Record<string, Record<string, unknown>>> {
      const { stdout } = await engineRun(["show", "-json"], [0]);
      const list = (JSON.parse(stdout).values?.root_module?.resources ?? []) as { address: string; values: Record<string, unknown> }[];
      for (const resource of list) {
        if (typeof resource.values.token === "string") secrets.set(resource.values.token, `token of ${resource.address}`);
      }
      return Object.fromEntries(list.map((resource) => [resource.address, resource.values]));
    }

    beforeAll(async () => {
      emulator.reset();
      secrets.set(emulator.seeded.ownerUserToken, "TFE_TOKEN");
      team = { name: `tfe-e2e-${engine.name}`, visibility: "secret" };
      work = TfWorkdir.create(`tfe-provider-e2e-${engine.name}`);
      installTfeProviderMirror(tfe, join(work.dir, "terraform.d", "plugins"), platform());
      write();
      await run(["init", "-input=false"]);
    }, STEP_TIMEOUT);
    afterAll(() => work?.dispose());

    test("creates a team and a described team token, found through service discovery over HTTPS", async () => {
      const logStart = lastSeq(emulator);
      await apply();
      const values = await shown();
      const teamId = String(values["tfe_team.e2e"].id);
      const tokenId = String(values["tfe_team_token.e2e"].id);

      await expect(client.readTeam(teamId)).resolves.toMatchObject({ name: team.name });
      expect(tokenId).toMatch(/^at-/);
      expect(emulator.inventory().teamTokens).toContainEqual(expect.objectContaining({ id: tokenId, teamId, description: "e2e through the tfe provider" }));
      const requests = emulator.requestLog(logStart);
      expect(requests.filter((entry) => entry.api === "discovery").map((entry) => [entry.method, entry.path, entry.status])).toContainEqual([
        "GET",
        "/.well-known/terraform.json",
        200,
      ]);
      expect(requests.filter((entry) => entry.status !== null && entry.status >= 400)).toEqual([]);
      await plan(0);
    }, 4 * STEP_TIMEOUT);

    test("renames the team in place and keeps the token", async () => {
      const before = await shown();
      team = { name: `tfe-e2e-${engine.name}-renamed`, visibility: "organization" };
      write();
      const planned = await plan(2);
      expect(planned.stdout).toContain("tfe_team.e2e will be updated in-place");
      expect(planned.stdout).toContain("0 to add, 1 to change, 0 to destroy");
      await apply();
      const after = await shown();
      expect(after["tfe_team.e2e"].id).toBe(before["tfe_team.e2e"].id);
      expect(after["tfe_team_token.e2e"].id).toBe(before["tfe_team_token.e2e"].id);
      await expect(client.readTeam(String(after["tfe_team.e2e"].id))).resolves.toMatchObject({ name: team.name });
      await plan(0);
    }, 4 * STEP_TIMEOUT);

    test("destroys the token and the team", async () => {
      const values = await shown();
      const teamId = String(values["tfe_team.e2e"].id);
      await run(["destroy", "-input=false", "-auto-approve", "-parallelism=2"]);
      await expect(client.readTeam(teamId)).resolves.toBeUndefined();
      expect(emulator.inventory().teamTokens.filter((token) => token.teamId === teamId)).toEqual([]);
    }, 4 * STEP_TIMEOUT);
  });
}

function lastSeq(emulator: Emulator): number {
  return emulator.requestLog().at(-1)?.seq ?? 0;
}

function requireValue<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`the emulator was started without HTTPS: no ${name}`);
  return value;
}
