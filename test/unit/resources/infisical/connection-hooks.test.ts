import { InfisicalClient } from "../../../../src/clients/infisical";
import { startEmulator, type Emulator } from "../../../../src/emulator";
import { isUnknown, UNKNOWN, type CtyValue } from "../../../../src/plugin/cty/values";
import { AttributeError, type ResourceDefinition } from "../../../../src/plugin/framework/definition";
import { createProviderClients, ProviderSettingError, type ProviderClients } from "../../../../src/provider/clients";
import { providerSchema } from "../../../../src/provider/schema";
import {
  infisicalHerokuConnectionResource,
  infisicalTerraformCloudConnectionResource,
} from "../../../../src/resources/infisical-connection";
import { EngineDouble } from "./engine-double";

/**
 * The connection hooks against the emulator, in process, through the real provider clients,
 * driven in the order the engine calls them.
 */

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function clients(settings: Record<string, CtyValue> = {}): ProviderClients {
  const { infisical } = emulator.seeded;
  return createProviderClients({
    ...Object.fromEntries(Object.keys(providerSchema.attributes).map((name) => [name, null])),
    infisical_host: emulator.infisicalHost,
    infisical_client_id: infisical.clientId,
    infisical_client_secret: infisical.clientSecret,
    ...settings,
  });
}

/** A client of our own, acting as someone changing things outside the engine. */
function outsider(): InfisicalClient {
  const { clientId, clientSecret } = emulator.seeded.infisical;
  return new InfisicalClient({ host: emulator.infisicalHost, auth: { universalAuth: { clientId, clientSecret } } });
}

function connections() {
  return emulator.inventory().appConnections;
}

function connectionUpdates(id: string) {
  return emulator
    .history()
    .filter((event) => event.resource === "app-connection" && event.action === "update" && event.id === id)
    .map((event) => ({ name: event.details.name, credentialsChanged: event.details.credentialsChanged }));
}

/** The id of the emulated TFC token behind a secret, as the inventory names it. */
function ownerUserTokenId(): string {
  return emulator.inventory().userTokens[0].id;
}

interface Kind {
  readonly resource: ResourceDefinition<ProviderClients>;
  readonly app: "terraform-cloud" | "heroku";
  readonly method: string;
  readonly credential: string;
  /** A valid credential for this app. */
  readonly secret: () => string;
}

const KINDS: readonly Kind[] = [
  {
    resource: infisicalTerraformCloudConnectionResource,
    app: "terraform-cloud",
    method: "api-token",
    credential: "api_token",
    secret: () => emulator.seeded.ownerUserToken,
  },
  {
    resource: infisicalHerokuConnectionResource,
    app: "heroku",
    method: "auth-token",
    credential: "auth_token",
    secret: () => emulator.seeded.herokuAuthToken,
  },
];

describe.each(KINDS)("$resource.schema.typeName hooks", (kind) => {
  const wo = `${kind.credential}_wo`;
  const version = `${kind.credential}_wo_version`;
  let engine: EngineDouble;
  const config = (values: Record<string, CtyValue>) => engine.config({ name: "conn-a", [kind.credential]: kind.secret(), ...values });

  beforeEach(() => {
    engine = new EngineDouble(kind.resource, clients());
  });

  test("create plans app and method, stores the connection and keeps the credential only where configured", async () => {
    const plan = await engine.plan(config({ description: "first" }));
    expect(plan.planned).toMatchObject({ app: kind.app, method: kind.method });
    expect(isUnknown(plan.planned.id)).toBe(true);
    expect(await engine.apply(config({ description: "first" }))).toBe("create");
    const state = engine.state!;
    expect(state).toMatchObject({ name: "conn-a", description: "first", project_id: null, app: kind.app, method: kind.method, [kind.credential]: kind.secret(), [wo]: null });
    expect(state.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof state.credentials_hash).toBe("string");
    expect(connections()).toEqual([expect.objectContaining({ id: state.id, app: kind.app, name: "conn-a", credentialsRef: expect.objectContaining({ valid: true }) })]);
    expect(await engine.apply(config({ description: "first" }))).toBe("no-op");
    expect(engine.warnings).toEqual([]);
  });

  test("name and description change in place without re-sending the credential", async () => {
    await engine.apply(config({ description: "first" }));
    const { id, credentials_hash } = engine.state!;
    const plan = await engine.plan(config({ name: "conn-b" }));
    expect(plan.action).toBe("update");
    expect(plan.planned.credentials_hash).toBe(credentials_hash);
    expect(await engine.apply(config({ name: "conn-b" }))).toBe("update");
    expect(engine.state).toMatchObject({ id, name: "conn-b", description: null, credentials_hash });
    expect(connectionUpdates(String(id))).toEqual([{ name: "conn-b", credentialsChanged: false }]);
  });

  test("a changed credential is sent in place and changes the hash", async () => {
    await engine.apply(config({ [kind.credential]: ` ${kind.secret()} ` }));
    const { id, credentials_hash } = engine.state!;
    const plan = await engine.plan(config({}));
    expect(plan.action).toBe("update");
    expect(isUnknown(plan.planned.credentials_hash)).toBe(true);
    await engine.apply(config({}));
    expect(engine.state).toMatchObject({ id, [kind.credential]: kind.secret() });
    expect(engine.state!.credentials_hash).not.toBe(credentials_hash);
    expect(connectionUpdates(String(id))).toEqual([{ name: "conn-a", credentialsChanged: true }]);
  });

  test("a write-only credential never reaches state and is re-sent when its version changes", async () => {
    const writeOnly = (v: number) => config({ [kind.credential]: null, [wo]: kind.secret(), [version]: v });
    expect(await engine.apply(writeOnly(1))).toBe("create");
    expect(engine.state).toMatchObject({ [kind.credential]: null, [wo]: null, [version]: 1 });
    expect(JSON.stringify(engine.state)).not.toContain(kind.secret());
    expect(connections()[0].credentialsRef.valid).toBe(true);
    expect(await engine.apply(writeOnly(1))).toBe("no-op");
    const id = String(engine.state!.id);
    expect(await engine.apply(writeOnly(2))).toBe("update");
    expect(engine.state).toMatchObject({ id, [version]: 2, [wo]: null });
    expect(connectionUpdates(id)).toEqual([{ name: "conn-a", credentialsChanged: true }]);
  });

  test("switching from the stored to the write-only credential sends it once and forgets it", async () => {
    await engine.apply(config({}));
    const id = String(engine.state!.id);
    expect(await engine.apply(config({ [kind.credential]: null, [wo]: kind.secret() }))).toBe("update");
    expect(engine.state).toMatchObject({ [kind.credential]: null, [version]: null });
    expect(connectionUpdates(id)).toEqual([{ name: "conn-a", credentialsChanged: true }]);
  });

  test("a credential changed outside the engine is warned about and sent again", async () => {
    await engine.apply(config({}));
    const id = String(engine.state!.id);
    await outsider().updateAppConnection(kind.app, id, { credentials: { [kind.app === "heroku" ? "authToken" : "apiToken"]: kind.secret() } });
    await engine.refresh();
    expect(engine.warnings).toEqual([expect.objectContaining({ summary: expect.stringContaining("was changed outside Terraform") })]);
    expect(engine.private).toEqual({ resendCredential: true });
    const plan = await engine.plan(config({}));
    expect(plan.action).toBe("update");
    expect(isUnknown(plan.planned.credentials_hash)).toBe(true);
    await engine.apply(config({}));
    expect(connectionUpdates(id)).toEqual([
      { name: "conn-a", credentialsChanged: true },
      { name: "conn-a", credentialsChanged: true },
    ]);
    expect(engine.private).toEqual({});
    engine.warnings.length = 0;
    expect(await engine.apply(config({}))).toBe("no-op");
    expect(engine.warnings).toEqual([]);
  });

  test("a connection deleted outside the engine leaves the state on refresh", async () => {
    await engine.apply(config({}));
    await outsider().deleteAppConnection(kind.app, String(engine.state!.id));
    await engine.refresh();
    expect(engine.state).toBeNull();
    expect(await engine.apply(config({}))).toBe("create");
  });

  test("a project change replaces the connection", async () => {
    await engine.apply(config({}));
    const oldId = engine.state!.id;
    const projectId = emulator.seeded.infisical.projectId;
    const plan = await engine.plan(config({ project_id: projectId }));
    expect(plan.replace).toEqual(["project_id"]);
    expect(await engine.apply(config({ project_id: projectId }))).toBe("replace");
    expect(engine.state).toMatchObject({ project_id: projectId });
    expect(engine.state!.id).not.toBe(oldId);
    expect(connections()).toEqual([expect.objectContaining({ id: engine.state!.id, projectId })]);
  });

  test("delete removes the connection and tolerates one already gone", async () => {
    await engine.apply(config({}));
    const stale = new EngineDouble(kind.resource, clients());
    stale.state = engine.state;
    await engine.destroy();
    expect(connections()).toEqual([]);
    await expect(stale.destroy()).resolves.toBeUndefined();
  });

  test("a name already taken fails the create with the exact import id", async () => {
    await engine.apply(config({}));
    const second = new EngineDouble(kind.resource, clients());
    const failure = second.apply(second.config({ name: "conn-a", [kind.credential]: kind.secret() }));
    await expect(failure).rejects.toBeInstanceOf(AttributeError);
    await expect(failure).rejects.toMatchObject({ attributePath: ["name"], message: expect.stringContaining('import it with the id "conn-a"') });
    expect(connections()).toHaveLength(1);
  });

  test("a rename onto a taken name fails naming the attribute and the existing connection's import id", async () => {
    const projectId = emulator.seeded.infisical.projectId;
    await engine.apply(config({ project_id: projectId }));
    const other = new EngineDouble(kind.resource, clients());
    await other.apply(other.config({ name: "conn-b", project_id: projectId, [kind.credential]: kind.secret() }));
    await expect(other.apply(other.config({ name: "conn-a", project_id: projectId, [kind.credential]: kind.secret() }))).rejects.toMatchObject({
      attributePath: ["name"],
      message: expect.stringContaining(`"${projectId}/conn-a"`),
    });
    expect(other.state).toMatchObject({ name: "conn-b" });
  });

  describe("import", () => {
    let id: string;
    beforeEach(async () => {
      const creator = new EngineDouble(kind.resource, clients());
      await creator.apply(creator.config({ name: "conn-a", description: "made elsewhere", [kind.credential]: kind.secret() }));
      id = String(creator.state!.id);
    });

    test.each(["uuid", "name"])("by %s: the credential is warned about and sent by the next apply", async (form) => {
      await engine.import(form === "uuid" ? id : "conn-a");
      expect(engine.state).toMatchObject({ id, name: "conn-a", description: "made elsewhere", project_id: null, [kind.credential]: null, app: kind.app, method: kind.method });
      expect(engine.warnings).toEqual([expect.objectContaining({ summary: expect.stringContaining("cannot be imported") })]);
      expect(await engine.apply(config({ description: "made elsewhere" }))).toBe("update");
      expect(connectionUpdates(id)).toEqual([{ name: "conn-a", credentialsChanged: true }]);
      expect(await engine.apply(config({ description: "made elsewhere" }))).toBe("no-op");
    });

    test("by project id and name; a write-only credential without version is sent too", async () => {
      const projectId = emulator.seeded.infisical.projectId;
      const creator = new EngineDouble(kind.resource, clients());
      await creator.apply(creator.config({ name: "conn-p", project_id: projectId, [kind.credential]: kind.secret() }));
      await engine.import(`${projectId}/conn-p`);
      expect(engine.state).toMatchObject({ id: creator.state!.id, project_id: projectId });
      const writeOnly = engine.config({ name: "conn-p", project_id: projectId, [wo]: kind.secret() });
      expect(await engine.apply(writeOnly)).toBe("update");
      expect(connectionUpdates(String(creator.state!.id))).toEqual([{ name: "conn-p", credentialsChanged: true }]);
      expect(await engine.apply(writeOnly)).toBe("no-op");
    });

    test("ids that name nothing, or nothing valid, are explained", async () => {
      await expect(engine.import("conn-missing")).rejects.toThrow(`No Infisical ${kind.app} connection named "conn-missing" at organization level`);
      await expect(engine.import("00000000-0000-4000-8000-000000000000")).rejects.toThrow(/has id 00000000-0000-4000-8000-000000000000/);
      await expect(engine.import("Bad Name")).rejects.toThrow(/^Invalid import id "Bad Name"\nUse the connection UUID, its name/);
      await expect(engine.import("not-a-uuid/conn-a")).rejects.toThrow(/must be a UUID/);
    });
  });
});

describe("Infisical validates terraform-cloud tokens against app.terraform.io only", () => {
  const refusal = "Infisical refuses HCP Terraform tokens minted by";
  const plan = async (settings: Record<string, CtyValue>) => {
    const engine = new EngineDouble(infisicalTerraformCloudConnectionResource, clients(settings));
    await engine.plan(engine.config({ name: "conn-a", api_token: emulator.seeded.ownerUserToken }));
    return engine.warnings;
  };

  test("the plan warns when the provider's HCP Terraform is another host, naming it and the attribute", async () => {
    expect(await plan({ tfe_hostname: "TFE.example.com" })).toEqual([
      { summary: `${refusal} tfe.example.com`, detail: expect.stringContaining("against app.terraform.io"), path: ["api_token"] },
    ]);
    expect((await plan({ tfe_address: "https://app.eu.terraform.io" }))[0].summary).toBe(`${refusal} app.eu.terraform.io`);
  });

  test.each([
    ["unset (app.terraform.io)", {}],
    ["app.terraform.io", { tfe_hostname: "app.terraform.io" }],
    ["https://app.terraform.io:443", { tfe_address: "https://app.terraform.io:443" }],
    ["a loopback emulator", { tfe_address: "http://127.0.0.1:8080" }],
    ["localhost", { tfe_hostname: "localhost:8443" }],
    ["not known yet", { tfe_hostname: UNKNOWN }],
  ])("no warning when the provider's HCP Terraform is %s", async (_, settings) => {
    expect(await plan(settings)).toEqual([]);
  });

  test("no warning on a plan that does not send the token", async () => {
    const engine = new EngineDouble(infisicalTerraformCloudConnectionResource, clients());
    await engine.apply(engine.config({ name: "conn-a", api_token: emulator.seeded.ownerUserToken }));
    const foreign = new EngineDouble(infisicalTerraformCloudConnectionResource, clients({ tfe_hostname: "tfe.example.com" }));
    foreign.state = engine.state;
    expect((await foreign.plan(foreign.config({ name: "conn-b", api_token: emulator.seeded.ownerUserToken }))).action).toBe("update");
    expect(foreign.warnings).toEqual([]);
    await foreign.plan(foreign.config({ name: "conn-a", api_token: emulator.seeded.nonOwnerTeamToken }));
    expect(foreign.warnings).toHaveLength(1);
  });

  test.each([
    ["the emulator (loopback)", {}, "A token from app.terraform.io is refused when it is revoked or expired."],
    ["tfe.example.com", { tfe_hostname: "tfe.example.com" }, "This provider's HCP Terraform is tfe.example.com: a token it minted cannot be used here"],
  ])("a refused token fails the apply naming the attribute and why, with the provider at %s", async (_, settings, why) => {
    emulator.infisical.setTerraformCloudHost("app.terraform.io");
    const engine = new EngineDouble(infisicalTerraformCloudConnectionResource, clients(settings));
    const secret = emulator.seeded.ownerUserToken;
    const failure = await engine.apply(engine.config({ name: "conn-a", api_token_wo: secret })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AttributeError);
    expect(failure).toMatchObject({ attributePath: ["api_token_wo"] });
    const { message } = failure as AttributeError;
    expect(message).toContain('Infisical refused the HCP Terraform credential in "api_token_wo"');
    expect(message).toContain("Failed to validate credentials: Request failed with status code 401");
    expect(message).toContain("Infisical validates terraform-cloud tokens against app.terraform.io only");
    expect(message).toContain(why);
    expect(message).not.toContain(secret);
    expect(connections()).toEqual([]);
  });
});

test("a refused Heroku token fails the apply naming the attribute, on create and on update", async () => {
  const engine = new EngineDouble(infisicalHerokuConnectionResource, clients());
  const unknownToken = "HRKU-not-a-token-heroku-knows";
  const create = engine.apply(engine.config({ name: "conn-a", auth_token: unknownToken }));
  await expect(create).rejects.toMatchObject({ attributePath: ["auth_token"], message: expect.stringContaining("GET https://api.heroku.com/apps") });
  await engine.apply(engine.config({ name: "conn-a", auth_token: emulator.seeded.herokuAuthToken }));
  const update = engine.apply(engine.config({ name: "conn-a", auth_token: unknownToken }));
  await expect(update).rejects.toMatchObject({ attributePath: ["auth_token"], message: expect.not.stringContaining(unknownToken) });
});

test("a connection resource keeps working after its access token is revoked (401): the client logs in again", async () => {
  const engine = new EngineDouble(infisicalHerokuConnectionResource, clients());
  await engine.apply(engine.config({ name: "conn-a", auth_token: emulator.seeded.herokuAuthToken }));
  emulator.infisical.revokeAccessTokens();
  expect(await engine.apply(engine.config({ name: "conn-b", auth_token: emulator.seeded.herokuAuthToken }))).toBe("update");
  expect(connections()).toEqual([expect.objectContaining({ name: "conn-b" })]);
});

describe("provider settings seen by the connection resources", () => {
  test("a missing Infisical credential is reported when a connection is planned, before any API call", async () => {
    const engine = new EngineDouble(infisicalTerraformCloudConnectionResource, clients({ infisical_client_id: null, infisical_client_secret: null }));
    const config = engine.config({ name: "conn-a", api_token: emulator.seeded.ownerUserToken });
    const before = emulator.requestLog().length;
    const failure = engine.plan(config);
    await expect(failure).rejects.toBeInstanceOf(ProviderSettingError);
    await expect(failure).rejects.toThrow(/INFISICAL_UNIVERSAL_AUTH_CLIENT_ID/);
    expect(emulator.requestLog()).toHaveLength(before);
  });

  test("a credential not yet known at plan is checked when the connection is applied", async () => {
    const engine = new EngineDouble(infisicalTerraformCloudConnectionResource, clients({ infisical_client_secret: UNKNOWN }));
    const config = engine.config({ name: "conn-a", api_token: emulator.seeded.ownerUserToken });
    expect((await engine.plan(config)).action).toBe("create");
    const failure = engine.apply(config);
    await expect(failure).rejects.toBeInstanceOf(ProviderSettingError);
    await expect(failure).rejects.toThrow(/"infisical_client_secret" is not known yet/);
  });

  test("planning needs no known provider configuration", async () => {
    const created = new EngineDouble(infisicalTerraformCloudConnectionResource, clients());
    const config = created.config({ name: "conn-a", api_token: emulator.seeded.ownerUserToken });
    await created.apply(config);
    const unknownSettings = new EngineDouble(infisicalTerraformCloudConnectionResource, clients({ infisical_host: UNKNOWN }));
    unknownSettings.state = created.state;
    expect((await unknownSettings.plan(unknownSettings.config({ name: "conn-b", api_token: emulator.seeded.ownerUserToken }))).action).toBe("update");
  });
});

test("the owner's user token is the credential the emulator sees", async () => {
  const engine = new EngineDouble(infisicalTerraformCloudConnectionResource, clients());
  await engine.apply(engine.config({ name: "conn-a", api_token: emulator.seeded.ownerUserToken }));
  expect(connections()[0].credentialsRef).toEqual({ service: "tfc", tokenId: ownerUserTokenId(), valid: true });
  await engine.apply(engine.config({ name: "conn-a", api_token: emulator.seeded.nonOwnerTeamToken }));
  expect(connections()[0].credentialsRef).toEqual({ service: "tfc", tokenId: emulator.seeded.nonOwnerTeamTokenId, valid: true });
});
