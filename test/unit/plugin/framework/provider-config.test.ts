import { cty } from "../../../../src/schema/cty-type";
import type { BlockSchema } from "../../../../src/schema/types";
import { UNKNOWN } from "../../../../src/plugin/cty/values";
import { applyEnvDefaults, unknownAttributes } from "../../../../src/plugin/framework/provider-config";

const schema: BlockSchema = {
  version: 0,
  description: "p",
  attributes: {
    token: { type: cty.string, optional: true, sensitive: true, env: ["DEMO_TOKEN", "LEGACY_TOKEN"], description: "t" },
    host: { type: cty.string, optional: true, env: ["DEMO_HOST"], description: "h" },
    retries: { type: cty.number, optional: true, description: "r" },
  },
};

describe("provider configuration", () => {
  test("null attributes take the first non-empty environment variable, in order", () => {
    expect(applyEnvDefaults(schema, { token: null, host: null, retries: null }, { DEMO_TOKEN: "", LEGACY_TOKEN: "from-legacy" })).toEqual({
      token: "from-legacy",
      host: null,
      retries: null,
    });
  });

  test("configured and unknown values win over the environment", () => {
    expect(applyEnvDefaults(schema, { token: "given", host: UNKNOWN, retries: 3 }, { DEMO_TOKEN: "env", DEMO_HOST: "env-host" })).toEqual({
      token: "given",
      host: UNKNOWN,
      retries: 3,
    });
  });

  test("reports which attributes are not yet known", () => {
    expect(unknownAttributes(schema, { token: UNKNOWN, host: "h", retries: null })).toEqual(["token"]);
  });
});

describe("environment defaults never conflict", () => {
  const conflicting: BlockSchema = {
    version: 0,
    description: "conflicting settings",
    attributes: {
      address: { type: "string", optional: true, description: "a", env: ["ADDRESS"], conflictsWith: ["hostname"] },
      hostname: { type: "string", optional: true, description: "h", env: ["HOSTNAME_VAR"], conflictsWith: ["address"] },
    },
  };

  it("keeps an explicit setting and skips the environment value of the attribute it conflicts with", () => {
    expect(applyEnvDefaults(conflicting, { address: null, hostname: "given" }, { ADDRESS: "env" })).toEqual({ address: null, hostname: "given" });
  });

  it("lets the attribute declared first win when both come from the environment", () => {
    expect(applyEnvDefaults(conflicting, { address: null, hostname: null }, { ADDRESS: "a", HOSTNAME_VAR: "h" })).toEqual({ address: "a", hostname: null });
  });
});
