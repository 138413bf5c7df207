import { InfisicalClient } from "../../../src/clients/infisical";
import { TfcClient } from "../../../src/clients/tfc";
import { UNKNOWN, type CtyObject, type CtyValue } from "../../../src/plugin/cty/values";
import { createProviderClients, ProviderSettingError } from "../../../src/provider/clients";
import { providerSchema } from "../../../src/provider/schema";

const SECRET = "do-not-print-this-secret";

function config(values: Record<string, CtyValue> = {}): CtyObject {
  return { ...Object.fromEntries(Object.keys(providerSchema.attributes).map((name) => [name, null])), ...values };
}

/** The rejection of a client getter, as the resource hook would see it. */
async function failure(get: () => Promise<unknown>): Promise<ProviderSettingError> {
  const error = await get().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderSettingError);
  expect(String((error as Error).message)).not.toContain(SECRET);
  return error as ProviderSettingError;
}

describe("provider clients", () => {
  test("configuring needs no credential at all; each client reports its own missing setting", async () => {
    const clients = createProviderClients(config());
    const tfc = await failure(() => clients.tfc());
    expect(tfc.settings).toEqual(["tfe_token"]);
    expect(tfc.message).toMatch(/^No HCP Terraform token is configured\nSet "tfe_token" in the provider block \(or the TFE_TOKEN environment variable\)\.$/);
    const infisical = await failure(() => clients.infisical());
    expect(infisical.settings).toEqual(["infisical_client_id", "infisical_client_secret", "infisical_token"]);
    for (const variable of ["INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "INFISICAL_TOKEN"]) {
      expect(infisical.message).toContain(variable);
    }
  });

  test("a client needing only its own settings works while the other service is unconfigured", async () => {
    const clients = createProviderClients(config({ infisical_token: SECRET, infisical_host: "http://127.0.0.1:9" }));
    await expect(clients.infisical()).resolves.toBeInstanceOf(InfisicalClient);
    await failure(() => clients.tfc());
    const tfcOnly = createProviderClients(config({ tfe_token: SECRET, tfe_address: "http://127.0.0.1:9" }));
    const tfc = await tfcOnly.tfc();
    expect(tfc).toBeInstanceOf(TfcClient);
    expect(tfc.baseUrl.href).toBe("http://127.0.0.1:9/api/v2/");
    await failure(() => tfcOnly.infisical());
  });

  test("each client is built once", async () => {
    const clients = createProviderClients(config({ infisical_client_id: "id", infisical_client_secret: SECRET }));
    const first = await clients.infisical();
    expect(await clients.infisical()).toBe(first);
  });

  test("half a Universal Auth pair names the missing half", async () => {
    const withoutSecret = await failure(() => createProviderClients(config({ infisical_client_id: "id" })).infisical());
    expect(withoutSecret.settings).toEqual(["infisical_client_secret"]);
    expect(withoutSecret.message).toContain("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
    const withoutId = await failure(() => createProviderClients(config({ infisical_client_secret: SECRET })).infisical());
    expect(withoutId.settings).toEqual(["infisical_client_id"]);
    expect(withoutId.message).toContain("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
  });

  test("a setting still unknown is reported when the client is needed", async () => {
    const clients = createProviderClients(config({ tfe_token: UNKNOWN, infisical_token: SECRET, infisical_host: UNKNOWN }));
    const tfc = await failure(() => clients.tfc());
    expect(tfc.settings).toEqual(["tfe_token"]);
    expect(tfc.message).toMatch(/^The provider setting "tfe_token" is not known yet\n/);
    expect((await failure(() => clients.infisical())).settings).toEqual(["infisical_host"]);
  });

  test("a plan-time check reports what apply would, without building a client", () => {
    const unconfigured = createProviderClients(config());
    expect(() => unconfigured.checkConfigured("tfc")).toThrow(/^No HCP Terraform token is configured\n/);
    expect(() => unconfigured.checkConfigured("infisical")).toThrow(/^No Infisical credential is configured\n/);
    const halfPair = createProviderClients(config({ infisical_client_id: "id" }));
    expect(() => halfPair.checkConfigured("infisical")).toThrow(/^Infisical Universal Auth needs a client secret\n/);
    const configured = createProviderClients(config({ tfe_token: SECRET, infisical_client_id: "id", infisical_client_secret: SECRET }));
    expect(() => configured.checkConfigured("tfc")).not.toThrow();
    expect(() => configured.checkConfigured("infisical")).not.toThrow();
  });

  test("a plan-time check lets settings not yet known through: they are checked at apply", () => {
    const clients = createProviderClients(config({ tfe_token: UNKNOWN, infisical_client_id: "id", infisical_client_secret: UNKNOWN }));
    expect(() => clients.checkConfigured("tfc")).not.toThrow();
    expect(() => clients.checkConfigured("infisical")).not.toThrow();
  });
});
