import { startEmulator, type Emulator } from "../../../src/emulator";
import { decodeMsgpack, encodeMsgpack } from "../../../src/plugin/cty";
import { UNKNOWN, type CtyObject, type CtyValue } from "../../../src/plugin/cty/values";
import { blockType } from "../../../src/plugin/framework/block-type";
import { createProviderHandlers } from "../../../src/plugin/framework/provider-server";
import { checkProviderDefinition } from "../../../src/plugin/framework/schema-check";
import { createLogger } from "../../../src/plugin/protocol/log";
import { tokenhooksProvider } from "../../../src/main/tokenhooks-provider";
import { providerSchema } from "../../../src/provider/schema";
import { infisicalTerraformCloudConnectionResource } from "../../../src/resources/infisical-connection";

/** The provider through the framework's RPC handlers, in process, against the emulator. */

const CONNECTION = infisicalTerraformCloudConnectionResource.schema.typeName;
const silent = createLogger({ module: "test", write: () => undefined });

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function providerConfig(values: Record<string, CtyValue> = {}): { msgpack: Buffer } {
  const config: CtyObject = { ...Object.fromEntries(Object.keys(providerSchema.attributes).map((name) => [name, null])), ...values };
  return { msgpack: encodeMsgpack(config, blockType(providerSchema)) };
}

function handlers(env: NodeJS.ProcessEnv) {
  return createProviderHandlers(tokenhooksProvider, { env, log: silent });
}

function infisicalEnv(): NodeJS.ProcessEnv {
  const { clientId, clientSecret } = emulator.seeded.infisical;
  return { INFISICAL_HOST: emulator.infisicalHost, INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: clientId, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: clientSecret };
}

/** Creates a connection named `name` through the handlers, with credentials from the environment. */
async function createConnection(name: string): Promise<void> {
  const provider = handlers(infisicalEnv());
  await provider.ConfigureProvider({ terraform_version: "1.11.4", config: providerConfig() });
  const config = Object.fromEntries(Object.keys(infisicalTerraformCloudConnectionResource.schema.attributes).map((name) => [name, null]));
  const type = blockType(infisicalTerraformCloudConnectionResource.schema);
  const planned = { ...config, name, app: "terraform-cloud", method: "api-token", id: UNKNOWN, credentials_hash: UNKNOWN };
  const applied = await provider.ApplyResourceChange({
    type_name: CONNECTION,
    prior_state: { msgpack: encodeMsgpack(null, type) },
    planned_state: { msgpack: encodeMsgpack(planned, type) },
    config: { msgpack: encodeMsgpack({ ...config, name, api_token: emulator.seeded.ownerUserToken }, type) },
    planned_private: Buffer.alloc(0),
  });
  expect(applied.diagnostics).toEqual([]);
}

describe("tokenhooks provider", () => {
  test("its definition passes the engine's and the framework's schema rules", () => {
    expect(checkProviderDefinition(tokenhooksProvider)).toEqual([]);
    expect(tokenhooksProvider.typeName).toBe("tokenhooks");
    expect(tokenhooksProvider.resources.map((resource) => resource.schema.typeName).sort()).toEqual([
      "tokenhooks_audit_trail_token",
      "tokenhooks_infisical_heroku_connection",
      "tokenhooks_infisical_terraform_cloud_connection",
      "tokenhooks_organization_token",
      "tokenhooks_team_token",
    ]);
  });

  test("settings come from the environment when the block leaves them out", async () => {
    const name = "conn-a";
    await createConnection(name);
    const provider = handlers(infisicalEnv());
    expect((await provider.ConfigureProvider({ terraform_version: "1.11.4", config: providerConfig() })).diagnostics).toEqual([]);
    const imported = await provider.ImportResourceState({ type_name: CONNECTION, id: name });
    expect(imported.diagnostics).toEqual([expect.objectContaining({ severity: 2, summary: expect.stringContaining("cannot be imported") })]);
    const state = decodeMsgpack(imported.imported_resources![0].state!.msgpack!, blockType(infisicalTerraformCloudConnectionResource.schema));
    expect(state).toMatchObject({ name, app: "terraform-cloud" });
  });

  test("configuring without any credential succeeds; the resource that needs one reports it", async () => {
    const provider = handlers({});
    expect((await provider.ConfigureProvider({ terraform_version: "1.11.4", config: providerConfig() })).diagnostics).toEqual([]);
    const imported = await provider.ImportResourceState({ type_name: CONNECTION, id: "conn-a" });
    expect(imported.diagnostics).toEqual([
      expect.objectContaining({ severity: 1, summary: "No Infisical credential is configured", detail: expect.stringContaining("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID") }),
    ]);
  });

  test("settings from the environment are validated too", async () => {
    const provider = handlers({ ...infisicalEnv(), TFE_ADDRESS: "http://tfe.example.com" });
    const configured = await provider.ConfigureProvider({ terraform_version: "1.11.4", config: providerConfig() });
    expect(configured.diagnostics).toEqual([expect.objectContaining({ severity: 1, detail: expect.stringMatching(/plain http is only allowed on a loopback host/) })]);
  });

  test("a configuration not yet known still plans, and refuses to apply", async () => {
    const provider = handlers(infisicalEnv());
    await provider.ConfigureProvider({ terraform_version: "1.11.4", config: providerConfig({ infisical_host: UNKNOWN }) });
    const type = blockType(infisicalTerraformCloudConnectionResource.schema);
    const config = { ...Object.fromEntries(Object.keys(infisicalTerraformCloudConnectionResource.schema.attributes).map((name) => [name, null])), name: "conn-a", api_token: "x" };
    const plan = await provider.PlanResourceChange({
      type_name: CONNECTION,
      prior_state: { msgpack: encodeMsgpack(null, type) },
      proposed_new_state: { msgpack: encodeMsgpack(config, type) },
      config: { msgpack: encodeMsgpack(config, type) },
      prior_private: Buffer.alloc(0),
      planned_private: Buffer.alloc(0),
    });
    expect(plan.diagnostics).toEqual([]);
    const applied = await provider.ApplyResourceChange({
      type_name: CONNECTION,
      prior_state: { msgpack: encodeMsgpack(null, type) },
      planned_state: plan.planned_state,
      config: { msgpack: encodeMsgpack(config, type) },
      planned_private: Buffer.alloc(0),
    });
    expect(applied.diagnostics).toEqual([expect.objectContaining({ severity: 1, summary: "Provider configuration is not known", detail: expect.stringContaining("infisical_host") })]);
    expect(emulator.inventory().appConnections).toEqual([]);
  });
});
