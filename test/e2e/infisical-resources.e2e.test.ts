import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InfisicalClient } from "../../src/clients/infisical";
import { TfcClient } from "../../src/clients/tfc";
import { startEmulator, type Emulator } from "../../src/emulator";
import { PROVIDER_HOSTNAME, PROVIDER_NAMESPACE, PROVIDER_SOURCE, PROVIDER_TYPE, PROVIDER_VERSION } from "../../src/provider/address";
import { describeEachEngine } from "../support/engines";
import { TfWorkdir } from "../support/tf-workdir";

/**
 * Both Infisical connection resources through each engine: the bundled plugin in the implied
 * mirror, plain `.tf.json`, the emulator in this process.
 */

const PLUGIN = join(__dirname, "../../dist/terraform-provider-tokenhooks.js");
const STEP_TIMEOUT = 180_000;
const TFC = "tokenhooks_infisical_terraform_cloud_connection";
const HEROKU = "tokenhooks_infisical_heroku_connection";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

interface ConnectionBlock {
  name: string;
  description?: string;
  project_id?: string;
  [credential: string]: unknown;
}

function tfJson(tfc: ConnectionBlock, heroku: ConnectionBlock): unknown {
  return {
    terraform: { required_providers: { tokenhooks: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION } } },
    provider: { tokenhooks: {} },
    resource: { [TFC]: { main: tfc }, [HEROKU]: { main: heroku } },
  };
}

function connectionUpdates(id: string): boolean[] {
  return emulator
    .history()
    .filter((event) => event.resource === "app-connection" && event.action === "update" && event.id === id)
    .map((event) => event.details.credentialsChanged as boolean);
}

describeEachEngine("Infisical connection resources", (engine) => {
  let work: TfWorkdir;
  let tfc: ConnectionBlock;
  let heroku: ConnectionBlock;
  const env = () => {
    const { clientId, clientSecret } = emulator.seeded.infisical;
    return { INFISICAL_HOST: emulator.infisicalHost, INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: clientId, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: clientSecret };
  };
  const run = (args: string[], expectExit: number[] = [0]) => work.run(engine.path, [...args, "-no-color"], { env: env(), expectExit, timeoutMs: STEP_TIMEOUT });
  const apply = () => run(["apply", "-input=false", "-auto-approve"]);
  const plan = (exit: number) => run(["plan", "-input=false", "-detailed-exitcode"], [exit]);
  const write = () => work.writeConfig(tfJson(tfc, heroku));

  async function shown(): Promise<{ raw: string; values: Record<string, Record<string, unknown>>; sensitive: Record<string, Record<string, unknown>> }> {
    const { stdout } = await run(["show", "-json"]);
    const resources = (JSON.parse(stdout).values?.root_module?.resources ?? []) as { address: string; values: Record<string, unknown>; sensitive_values: Record<string, unknown> }[];
    return {
      raw: stdout,
      values: Object.fromEntries(resources.map((r) => [r.address, r.values])),
      sensitive: Object.fromEntries(resources.map((r) => [r.address, r.sensitive_values])),
    };
  }
  const idOf = async (type: string) => String((await shown()).values[`${type}.main`].id);

  beforeAll(async () => {
    emulator.reset();
    work = TfWorkdir.create(`infisical-e2e-${engine.name}`);
    work.installPlugin(PLUGIN, { hostname: PROVIDER_HOSTNAME, namespace: PROVIDER_NAMESPACE, type: PROVIDER_TYPE, version: PROVIDER_VERSION });
    tfc = { name: "tfc-main", description: "first", api_token: emulator.seeded.ownerUserToken };
    heroku = { name: "heroku-main", auth_token: emulator.seeded.herokuAuthToken };
    write();
    await run(["init", "-input=false"]);
  }, STEP_TIMEOUT);
  afterAll(() => work?.dispose());

  test("create, then a plan without changes", async () => {
    await apply();
    const { values, sensitive } = await shown();
    expect(values[`${TFC}.main`]).toMatchObject({ name: "tfc-main", description: "first", app: "terraform-cloud", method: "api-token", project_id: null });
    expect(values[`${HEROKU}.main`]).toMatchObject({ name: "heroku-main", description: null, app: "heroku", method: "auth-token" });
    expect(sensitive[`${TFC}.main`]).toMatchObject({ api_token: true });
    expect(emulator.inventory().appConnections.map((c) => [c.name, c.credentialsRef.valid]).sort()).toEqual([
      ["heroku-main", true],
      ["tfc-main", true],
    ]);
    await plan(0);
  });

  test("name, description and credential change in place", async () => {
    const [tfcId, herokuId] = [await idOf(TFC), await idOf(HEROKU)];
    tfc = { ...tfc, name: "tfc-renamed", api_token: emulator.seeded.nonOwnerTeamToken };
    heroku = { ...heroku, description: "added" };
    write();
    const planned = await plan(2);
    expect(planned.stdout).toContain(`${TFC}.main will be updated in-place`);
    expect(planned.stdout).toContain(`${HEROKU}.main will be updated in-place`);
    expect(planned.stdout).not.toContain(emulator.seeded.nonOwnerTeamToken);
    await apply();
    expect([await idOf(TFC), await idOf(HEROKU)]).toEqual([tfcId, herokuId]);
    expect(connectionUpdates(tfcId)).toEqual([true]);
    expect(connectionUpdates(herokuId)).toEqual([false]);
    expect(emulator.inventory().appConnections.find((c) => c.id === tfcId)?.credentialsRef).toEqual({
      service: "tfc",
      tokenId: emulator.seeded.nonOwnerTeamTokenId,
      valid: true,
    });
    await plan(0);
  });

  test("a project change replaces the connection", async () => {
    const oldIds = [await idOf(TFC), await idOf(HEROKU)];
    const projectId = emulator.seeded.infisical.projectId;
    tfc = { ...tfc, project_id: projectId };
    heroku = { ...heroku, project_id: projectId };
    write();
    const planned = await plan(2);
    expect(planned.stdout).toContain("must be replaced");
    expect(planned.stdout).toContain("forces replacement");
    await apply();
    const connections = emulator.inventory().appConnections;
    expect(connections.map((c) => c.projectId)).toEqual([projectId, projectId]);
    expect(connections.map((c) => c.id).filter((id) => oldIds.includes(id))).toEqual([]);
    await plan(0);
  });

  test("a credential changed outside the engine is warned about and sent again", async () => {
    const ids = { tfc: await idOf(TFC), heroku: await idOf(HEROKU) };
    const before = { tfc: connectionUpdates(ids.tfc).length, heroku: connectionUpdates(ids.heroku).length };
    const { clientId, clientSecret } = emulator.seeded.infisical;
    const outsider = new InfisicalClient({ host: emulator.infisicalHost, auth: { universalAuth: { clientId, clientSecret } } });
    await outsider.updateAppConnection("terraform-cloud", ids.tfc, { credentials: { apiToken: emulator.seeded.ownerUserToken } });
    await outsider.updateAppConnection("heroku", ids.heroku, { credentials: { authToken: emulator.seeded.herokuAuthToken } });
    const planned = await plan(2);
    expect(planned.stdout.match(/was changed outside Terraform/g)).toHaveLength(2);
    expect(planned.stdout).toContain("0 to add, 2 to change, 0 to destroy");
    await apply();
    expect(connectionUpdates(ids.tfc).slice(before.tfc)).toEqual([true, true]);
    expect(connectionUpdates(ids.heroku).slice(before.heroku)).toEqual([true, true]);
    expect(emulator.inventory().appConnections.find((c) => c.id === ids.tfc)?.credentialsRef.tokenId).toBe(emulator.seeded.nonOwnerTeamTokenId);
    await plan(0);
  });

  test("import by project id and name, and by UUID; the next apply sends the credential", async () => {
    const ids = { tfc: await idOf(TFC), heroku: await idOf(HEROKU) };
    const before = { tfc: connectionUpdates(ids.tfc).length, heroku: connectionUpdates(ids.heroku).length };
    await run(["state", "rm", `${TFC}.main`, `${HEROKU}.main`]);
    const imported = await run(["import", "-input=false", `${TFC}.main`, `${emulator.seeded.infisical.projectId}/tfc-renamed`]);
    expect(imported.stdout + imported.stderr).toContain("cannot be imported");
    await run(["import", "-input=false", `${HEROKU}.main`, ids.heroku]);
    expect({ tfc: await idOf(TFC), heroku: await idOf(HEROKU) }).toEqual(ids);
    const planned = await plan(2);
    expect(planned.stdout).toContain("0 to add, 2 to change, 0 to destroy");
    await apply();
    expect(connectionUpdates(ids.tfc).slice(before.tfc)).toEqual([true]);
    expect(connectionUpdates(ids.heroku).slice(before.heroku)).toEqual([true]);
    await plan(0);
  });

  test("write-only credentials never reach plan, state or show -json; a version bump re-sends them", async () => {
    const owner = await TfcClient.create({ token: emulator.seeded.ownerUserToken, address: emulator.tfcAddress });
    const fresh = await owner.createTeamToken(emulator.seeded.nonOwnerTeamId, { description: `write-only ${engine.name}` });
    const secrets = [fresh.token!.reveal(), emulator.seeded.herokuAuthToken];
    const ids = { tfc: await idOf(TFC), heroku: await idOf(HEROKU) };
    const { api_token: _tfcPlain, ...tfcRest } = tfc;
    const { auth_token: _herokuPlain, ...herokuRest } = heroku;
    tfc = { ...tfcRest, api_token_wo: secrets[0], api_token_wo_version: 1 };
    heroku = { ...herokuRest, auth_token_wo: secrets[1], auth_token_wo_version: 1 };
    write();
    const planned = await plan(2);
    await apply();
    const { raw, values } = await shown();
    for (const text of [planned.stdout, raw, readFileSync(join(work.dir, "terraform.tfstate"), "utf8")]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(values[`${TFC}.main`]).toMatchObject({ api_token: null, api_token_wo: null, api_token_wo_version: 1 });
    expect(values[`${HEROKU}.main`]).toMatchObject({ auth_token: null, auth_token_wo: null, auth_token_wo_version: 1 });
    expect(emulator.inventory().appConnections.find((c) => c.id === ids.tfc)?.credentialsRef).toEqual({ service: "tfc", tokenId: fresh.id, valid: true });
    await plan(0);

    const before = { tfc: connectionUpdates(ids.tfc).length, heroku: connectionUpdates(ids.heroku).length };
    tfc = { ...tfc, api_token_wo_version: 2 };
    write();
    await apply();
    expect(connectionUpdates(ids.tfc).slice(before.tfc)).toEqual([true]);
    expect(connectionUpdates(ids.heroku).slice(before.heroku)).toEqual([]);
    for (const secret of secrets) expect(readFileSync(join(work.dir, "terraform.tfstate"), "utf8")).not.toContain(secret);
    await plan(0);
  });

  test("a token Infisical refuses fails the apply saying why, and a later apply with it accepted succeeds", async () => {
    const secret = emulator.seeded.nonOwnerTeamToken;
    tfc = { ...tfc, api_token_wo: undefined, api_token_wo_version: undefined, api_token: secret };
    write();
    const { stdout: planned } = await plan(2);
    expect(planned).not.toContain("Infisical refuses");
    // As if the emulator's HCP Terraform were a Terraform Enterprise host: Infisical checks app.terraform.io.
    emulator.infisical.setTerraformCloudHost("app.terraform.io");
    try {
      const refused = await run(["apply", "-input=false", "-auto-approve"], [1]);
      // The engine wraps diagnostics in a box; read the words without its frame and line breaks.
      const output = (refused.stdout + refused.stderr).replace(/[│╷╵]/g, " ").replace(/\s+/g, " ");
      expect(output).toContain('Infisical refused the HCP Terraform credential in "api_token"');
      expect(output).toContain("Failed to validate credentials: Request failed with status code 401");
      expect(output).toContain("Infisical validates terraform-cloud tokens against app.terraform.io only");
      // The engine quotes the configuration line the error points at (a literal here); nothing else may hold the token.
      expect(output.replaceAll(`"api_token": "${secret}"`, "")).not.toContain(secret);
    } finally {
      emulator.infisical.setTerraformCloudHost(null);
    }
    await apply();
    await plan(0);
  });

  test("destroy removes every connection", async () => {
    await run(["destroy", "-input=false", "-auto-approve"]);
    expect(emulator.inventory().appConnections).toEqual([]);
  });
});
