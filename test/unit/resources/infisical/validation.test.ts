import { UNKNOWN, type CtyObject } from "../../../../src/plugin/cty/values";
import { validateAttributes } from "../../../../src/plugin/framework/config-validation";
import type { ResourceDefinition } from "../../../../src/plugin/framework/definition";
import type { ProviderClients } from "../../../../src/provider/clients";
import {
  infisicalHerokuConnectionResource,
  infisicalTerraformCloudConnectionResource,
} from "../../../../src/resources/infisical-connection";

/** Everything a configuration can say about a connection resource, with `prefix` naming the credential. */
function configOf(prefix: string, values: Record<string, unknown>): CtyObject {
  return {
    id: null,
    name: "tfc-prod",
    description: null,
    project_id: null,
    [prefix]: null,
    [`${prefix}_wo`]: null,
    [`${prefix}_wo_version`]: null,
    credentials_hash: null,
    app: null,
    method: null,
    ...values,
  } as CtyObject;
}

/** Schema validators plus the resource's own checks, as ValidateResourceConfig runs them; no clients at all. */
function validate(resource: ResourceDefinition<ProviderClients>, config: CtyObject) {
  return [...validateAttributes(resource.schema, config), ...(resource.validate?.(config) ?? [])];
}

describe.each([
  { resource: infisicalTerraformCloudConnectionResource, prefix: "api_token", sample: "secret-value" },
  { resource: infisicalHerokuConnectionResource, prefix: "auth_token", sample: "HRKU-secret-value" },
])("$resource.schema.typeName validation", ({ resource, prefix, sample }) => {
  const config = (values: Record<string, unknown>) => configOf(prefix, values);
  const wo = `${prefix}_wo`;
  const version = `${prefix}_wo_version`;

  test("accepts either credential form", () => {
    expect(validate(resource, config({ [prefix]: sample }))).toEqual([]);
    expect(validate(resource, config({ [wo]: sample, [version]: 1 }))).toEqual([]);
    expect(validate(resource, config({ [wo]: sample }))).toEqual([]);
  });

  test("requires one credential form, naming both attributes", () => {
    expect(validate(resource, config({}))).toEqual([
      expect.objectContaining({ path: [prefix], summary: `Missing "${prefix}" or "${wo}"` }),
    ]);
  });

  test("rejects both credential forms together", () => {
    const issues = validate(resource, config({ [prefix]: sample, [wo]: sample, [version]: 1 }));
    expect(issues).toHaveLength(1);
    expect(issues[0].summary).toContain(prefix);
    expect(issues[0].summary).toContain(wo);
  });

  test("rejects a write-only version without the write-only credential", () => {
    expect(validate(resource, config({ [prefix]: sample, [version]: 2 }))).toEqual([
      expect.objectContaining({ path: [version], summary: `"${version}" has no effect without "${wo}"` }),
    ]);
  });

  test("defers checks on values not yet known", () => {
    expect(validate(resource, config({ [prefix]: UNKNOWN }))).toEqual([]);
    expect(validate(resource, config({ [wo]: UNKNOWN, [version]: 1 }))).toEqual([]);
    expect(validate(resource, config({ name: UNKNOWN, project_id: UNKNOWN, [prefix]: sample }))).toEqual([]);
  });

  test("checks name, description, project id and credential shapes with paths", () => {
    const issues = validate(
      resource,
      config({ name: "Not_A_Slug", description: " padded", project_id: "project-1", [prefix]: "   " }),
    );
    expect(issues.map((issue) => issue.path)).toEqual([["name"], ["description"], ["project_id"], [prefix]]);
    expect(validate(resource, config({ name: "a".repeat(65), [prefix]: sample }))[0].detail).toMatch(/at most 64/);
    expect(validate(resource, config({ description: "d".repeat(257), [prefix]: sample }))[0].detail).toMatch(/at most 256/);
    expect(validate(resource, config({ description: "", [prefix]: sample }))[0].detail).toMatch(/must not be empty/);
  });

  test("never echoes a rejected credential", () => {
    const tooLong = `x${"y".repeat(8192)}`;
    const issues = validate(resource, config({ [wo]: tooLong }));
    expect(issues).toHaveLength(1);
    expect(JSON.stringify(issues)).not.toContain(tooLong);
  });

  test("accepts a credential with surrounding whitespace, which Infisical trims", () => {
    expect(validate(resource, config({ [prefix]: `${sample}\n` }))).toEqual([]);
  });
});

describe("Heroku auth token prefix", () => {
  const config = (values: Record<string, unknown>) => configOf("auth_token", values);

  test.each(["auth_token", "auth_token_wo"])("a known %s without HRKU- is rejected, naming the attribute and never the value", (attribute) => {
    const issues = validate(infisicalHerokuConnectionResource, config({ [attribute]: "0123-legacy-api-key" }));
    expect(issues).toEqual([expect.objectContaining({ path: [attribute], detail: expect.stringContaining('starts with "HRKU-"') })]);
    expect(JSON.stringify(issues)).not.toContain("0123-legacy-api-key");
    expect(validate(infisicalHerokuConnectionResource, config({ [attribute]: " HRKU-key " }))).toEqual([]);
  });

  test("an HCP Terraform token needs no prefix", () => {
    expect(validate(infisicalTerraformCloudConnectionResource, configOf("api_token", { api_token: "abc.atlasv1.def" }))).toEqual([]);
  });
});
