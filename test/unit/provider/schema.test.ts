import type { CtyObject } from "../../../src/plugin/cty/values";
import { validateAttributes } from "../../../src/plugin/framework/config-validation";
import { applyEnvDefaults } from "../../../src/plugin/framework/provider-config";
import { providerSchema } from "../../../src/provider/schema";

const EMPTY: CtyObject = Object.fromEntries(Object.keys(providerSchema.attributes).map((name) => [name, null]));
const config = (values: Record<string, string>): CtyObject => ({ ...EMPTY, ...values });

describe("provider schema", () => {
  test("each setting falls back to the ecosystem's environment variable", () => {
    const env = {
      TFE_HOSTNAME: "tfe.example.com",
      TFE_ADDRESS: "https://tfe.example.com",
      TFE_TOKEN: "tfe-token",
      INFISICAL_HOST: "https://eu.infisical.com",
      INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "client-id",
      INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "client-secret",
      INFISICAL_TOKEN: "access-token",
    };
    // Conflicting variables both set: TFE_ADDRESS wins over TFE_HOSTNAME (as in go-tfe), Universal Auth over INFISICAL_TOKEN.
    expect(applyEnvDefaults(providerSchema, EMPTY, env)).toEqual({
      tfe_hostname: null,
      tfe_address: "https://tfe.example.com",
      tfe_token: "tfe-token",
      infisical_host: "https://eu.infisical.com",
      infisical_client_id: "client-id",
      infisical_client_secret: "client-secret",
      infisical_token: null,
    });
    const { TFE_ADDRESS: _address, INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: _id, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: _secret, ...alone } = env;
    expect(applyEnvDefaults(providerSchema, EMPTY, alone)).toMatchObject({ tfe_hostname: "tfe.example.com", infisical_token: "access-token" });
    expect(applyEnvDefaults(providerSchema, config({ tfe_token: "from-block" }), { TFE_TOKEN: "from-env" }).tfe_token).toBe("from-block");
  });

  test("credentials are sensitive", () => {
    const sensitive = Object.entries(providerSchema.attributes)
      .filter(([, attribute]) => "sensitive" in attribute && attribute.sensitive)
      .map(([name]) => name);
    expect(sensitive.sort()).toEqual(["infisical_client_secret", "infisical_token", "tfe_token"]);
  });

  test("addresses must be https, except on loopback", () => {
    expect(validateAttributes(providerSchema, config({ tfe_address: "http://127.0.0.1:8080", infisical_host: "http://localhost:8081" }))).toEqual([]);
    const issues = validateAttributes(providerSchema, config({ tfe_address: "http://tfe.example.com", infisical_host: "infisical.example.com" }));
    expect(issues.map((issue) => [issue.path, issue.detail])).toEqual([
      [["tfe_address"], expect.stringMatching(/plain http is only allowed on a loopback host/)],
      [["infisical_host"], expect.stringMatching(/must be an absolute URL/)],
    ]);
  });

  test("a host name has no scheme", () => {
    expect(validateAttributes(providerSchema, config({ tfe_hostname: "https://app.terraform.io" }))).toEqual([
      expect.objectContaining({ path: ["tfe_hostname"], detail: expect.stringMatching(/without scheme or path/) }),
    ]);
  });

  test("conflicting settings are reported once, naming both", () => {
    expect(validateAttributes(providerSchema, config({ tfe_hostname: "a.example.com", tfe_address: "https://b.example.com" }))).toEqual([
      expect.objectContaining({ summary: 'Conflicting arguments "tfe_address" and "tfe_hostname"' }),
    ]);
    const infisical = validateAttributes(providerSchema, config({ infisical_token: "t", infisical_client_id: "i", infisical_client_secret: "s" }));
    expect(infisical.map((issue) => issue.summary).sort()).toEqual([
      'Conflicting arguments "infisical_client_id" and "infisical_token"',
      'Conflicting arguments "infisical_client_secret" and "infisical_token"',
    ]);
  });

  test("a rejected secret is never echoed", () => {
    const issues = validateAttributes(providerSchema, config({ tfe_token: "" }));
    expect(issues).toEqual([expect.objectContaining({ path: ["tfe_token"], detail: '"tfe_token" must not be empty' })]);
  });
});
