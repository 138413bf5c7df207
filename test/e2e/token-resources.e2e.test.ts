import { join } from "node:path";
import { TfcClient } from "../../src/clients/tfc";
import { startEmulator, type Emulator } from "../../src/emulator";
import { PROVIDER_HOSTNAME, PROVIDER_NAMESPACE, PROVIDER_SOURCE, PROVIDER_TYPE, PROVIDER_VERSION } from "../../src/provider/address";
import { describeEachEngine } from "../support/engines";
import { TfWorkdir, type RunResult } from "../support/tf-workdir";

/**
 * The three HCP Terraform token resources through each engine: the bundled plugin in the
 * implied mirror, plain `.tf.json`, the emulator in this process. The scenario runs in order:
 * each test starts from the state the previous one left.
 */

const PLUGIN = join(__dirname, "../../dist/terraform-provider-tokenhooks.js");
const STEP_TIMEOUT = 120_000;
const TEAM = "tokenhooks_team_token";
const ORG = "tokenhooks_organization_token";
const AUDIT = "tokenhooks_audit_trail_token";

let emulator: Emulator;
let client: TfcClient;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
  client = await TfcClient.create({ address: emulator.tfcAddress, token: emulator.seeded.ownerUserToken });
});
afterAll(() => emulator?.close());

type Block = Record<string, unknown>;
type Resources = Record<string, Record<string, Block>>;

describeEachEngine("HCP Terraform token resources", (engine) => {
  let work: TfWorkdir;
  let developers: string;
  let organization: string;
  let resources: Resources;
  /** Every secret seen in state, by where it was seen: no engine output but `show -json` may contain one. */
  const secrets = new Map<string, string>();

  const env = () => ({ TFE_ADDRESS: emulator.tfcAddress, TFE_TOKEN: emulator.seeded.ownerUserToken });
  const engineRun = (args: string[], expectExit: number[]) => work.run(engine.path, [...args, "-no-color"], { env: env(), expectExit, timeoutMs: STEP_TIMEOUT });
  async function run(args: string[], expectExit: number[] = [0]): Promise<RunResult> {
    const result = await engineRun(args, expectExit);
    const known = [...secrets, [emulator.seeded.ownerUserToken, "TFE_TOKEN"]];
    // Names, not values, so that a failure does not print the secret either.
    expect(known.filter(([secret]) => result.stdout.includes(secret) || result.stderr.includes(secret)).map(([, where]) => where)).toEqual([]);
    return result;
  }
  const apply = (expectExit: number[] = [0]) => run(["apply", "-input=false", "-auto-approve"], expectExit);
  const plan = (exit: number) => run(["plan", "-input=false", "-detailed-exitcode"], [exit]);
  const write = () =>
    work.writeConfig({
      terraform: { required_providers: { tokenhooks: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION } } },
      provider: { tokenhooks: {} },
      resource: resources,
    });

  /** `show -json` values by address; records every token secret it sees. */
  async function shown(): Promise<Record<string, Record<string, unknown>>> {
    const { stdout } = await engineRun(["show", "-json"], [0]);
    const list = (JSON.parse(stdout).values?.root_module?.resources ?? []) as { address: string; values: Record<string, unknown>; sensitive_values: Record<string, unknown> }[];
    for (const resource of list) {
      expect(resource.sensitive_values).toMatchObject({ token: true });
      if (typeof resource.values.token === "string") secrets.set(resource.values.token, `token of ${resource.address} (${String(resource.values.id)})`);
    }
    return Object.fromEntries(list.map((resource) => [resource.address, resource.values]));
  }
  const liveTeamTokens = () => emulator.inventory().teamTokens.filter((token) => token.teamId === developers);
  const liveOrganizationToken = (kind: "organization" | "audit-trails") => emulator.inventory().organizationTokens.find((token) => token.kind === kind);

  beforeAll(async () => {
    emulator.reset();
    developers = emulator.seeded.otherTeams.find((team) => team.name === "developers")!.id;
    organization = emulator.seeded.organization;
    resources = {
      [TEAM]: {
        described: { team_id: developers, description: "e2e deploys", lifecycle: { create_before_destroy: true } },
        legacy: { team_id: developers },
      },
      [ORG]: { main: { organization } },
      [AUDIT]: { main: { organization } },
    };
    work = TfWorkdir.create(`tokens-e2e-${engine.name}`);
    work.installPlugin(PLUGIN, { hostname: PROVIDER_HOSTNAME, namespace: PROVIDER_NAMESPACE, type: PROVIDER_TYPE, version: PROVIDER_VERSION });
    write();
    await run(["init", "-input=false"]);
  }, STEP_TIMEOUT);
  afterAll(() => work?.dispose());

  test("create every kind of token, then a plan without changes", async () => {
    const applied = await apply();
    // Three tokens take the default expiry; the note is given once, not once per token.
    expect(applied.stdout.split("HCP Terraform's default expiry applies")).toHaveLength(2);
    expect(applied.stdout).not.toMatch(/similar warning/);
    const values = await shown();
    expect(values[`${TEAM}.described`]).toMatchObject({ description: "e2e deploys", remote_description: expect.stringMatching(/^e2e deploys \(tokenhooks:[a-z0-9]{8}\)$/) });
    expect(values[`${TEAM}.legacy`]).toMatchObject({ description: null, remote_description: null });
    expect(liveTeamTokens().map((token) => token.id).sort()).toEqual([values[`${TEAM}.described`].id, values[`${TEAM}.legacy`].id].sort());
    expect(liveOrganizationToken("organization")?.id).toBe(values[`${ORG}.main`].id);
    expect(liveOrganizationToken("audit-trails")?.id).toBe(values[`${AUDIT}.main`].id);
    // The secret in state is the real one: it authenticates as its team.
    const asTeam = await TfcClient.create({ address: emulator.tfcAddress, token: String(values[`${TEAM}.described`].token) });
    expect((await asTeam.accountDetails()).authenticatedResource).toEqual({ type: "teams", id: developers });
    await plan(0);
  }, 4 * STEP_TIMEOUT);

  test("a description change replaces the described token, creating the new one first", async () => {
    const oldId = String((await shown())[`${TEAM}.described`].id);
    resources[TEAM].described = { ...resources[TEAM].described, description: "e2e releases" };
    write();
    const planned = await plan(2);
    expect(planned.stdout).toContain("create replacement and then destroy");
    await apply();
    const newId = String((await shown())[`${TEAM}.described`].id);
    expect(newId).not.toBe(oldId);
    const events = emulator.history().filter((event) => event.resource === "team-token" && [oldId, newId].includes(event.id));
    expect(events.map((event) => [event.action, event.id])).toEqual([
      ["create", oldId],
      ["create", newId],
      ["revoke", oldId],
    ]);
    await plan(0);
  }, 4 * STEP_TIMEOUT);

  test("a token deleted outside Terraform is created again", async () => {
    await client.deleteLegacyTeamToken(developers);
    const planned = await plan(2);
    expect(planned.stdout).toMatch(/tokenhooks_team_token\.legacy will be created/);
    await apply();
    expect(liveTeamTokens().filter((token) => token.legacy)).toHaveLength(1);
    await plan(0);
  }, 4 * STEP_TIMEOUT);

  test("a regeneration outside Terraform is planned as a replacement; applying it is refused until force_regenerate", async () => {
    const ours = String((await shown())[`${ORG}.main`].id);
    const outside = await client.createOrganizationToken(organization);
    const planned = await plan(2);
    expect(planned.stdout).toContain(`Token ${ours} was regenerated outside Terraform; the secret in state no longer works`);
    expect(planned.stdout).toMatch(/tokenhooks_organization_token\.main must be replaced/);

    const refused = await apply([1]);
    expect(refused.stdout).toContain(`Left the organization token of the organization ${organization} in place`);
    expect(refused.stderr).toContain(`The organization ${organization} already has an organization token (${outside.id})`);
    expect(refused.stderr).toContain("force_regenerate = true");
    expect(liveOrganizationToken("organization")?.id).toBe(outside.id);

    resources[ORG].main = { ...resources[ORG].main, force_regenerate: true };
    write();
    await apply();
    const replaced = String((await shown())[`${ORG}.main`].id);
    expect([ours, outside.id]).not.toContain(replaced);
    expect(liveOrganizationToken("organization")?.id).toBe(replaced);
    await plan(0);
  }, 4 * STEP_TIMEOUT);

  test("rotate_after makes a plan replace a token that is old enough", async () => {
    const oldId = String((await shown())[`${AUDIT}.main`].id);
    resources[AUDIT].main = { ...resources[AUDIT].main, rotate_after: "1s" };
    write();
    const planned = await plan(2);
    expect(planned.stdout).toContain(`Replacing token ${oldId}: rotate_after (1s) has elapsed`);
    await apply();
    const newId = String((await shown())[`${AUDIT}.main`].id);
    expect(newId).not.toBe(oldId);
    expect(liveOrganizationToken("audit-trails")?.id).toBe(newId);
    resources[AUDIT].main = { ...resources[AUDIT].main, rotate_after: "720h" };
    write();
    const relaxed = await plan(2);
    expect(relaxed.stdout).toMatch(/tokenhooks_audit_trail_token\.main will be updated in-place/);
    await apply();
    await plan(0);
  }, 4 * STEP_TIMEOUT);

  test("import by token id and by organization name, without the secret", async () => {
    const byHand = await client.createTeamToken(developers, { description: "made by hand" });
    resources[TEAM].imported = { team_id: developers, description: "made by hand" };
    write();
    const imported = await run(["import", "-input=false", `${TEAM}.imported`, byHand.id]);
    expect(imported.stdout).toContain("The token's secret cannot be imported");
    await run(["state", "rm", `${AUDIT}.main`]);
    await run(["import", "-input=false", `${AUDIT}.main`, organization]);
    const values = await shown();
    expect(values[`${TEAM}.imported`]).toMatchObject({ id: byHand.id, token: null, remote_description: "made by hand" });
    expect(values[`${AUDIT}.main`]).toMatchObject({ id: liveOrganizationToken("audit-trails")?.id, token: null });
    // rotate_after is a local setting the import cannot know: the plan only sets it.
    const planned = await plan(2);
    expect(planned.stdout).toMatch(/tokenhooks_audit_trail_token\.main will be updated in-place/);
    expect(planned.stdout).toContain("1 to change, 0 to destroy");
    await apply();
    await plan(0);
  }, 4 * STEP_TIMEOUT);

  test("destroy revokes every token the configuration manages, and nothing else", async () => {
    await run(["destroy", "-input=false", "-auto-approve"]);
    const inventory = emulator.inventory();
    expect(inventory.teamTokens.map((token) => token.id)).toEqual([emulator.seeded.nonOwnerTeamTokenId]);
    expect(inventory.organizationTokens).toEqual([]);
  }, 4 * STEP_TIMEOUT);
});
