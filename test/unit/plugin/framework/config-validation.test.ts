import { cty } from "../../../../src/schema/cty-type";
import type { BlockSchema } from "../../../../src/schema/types";
import { UNKNOWN, type CtyObject } from "../../../../src/plugin/cty/values";
import { validateAttributes } from "../../../../src/plugin/framework/config-validation";

const threeLetters = (value: unknown) => (typeof value === "string" && value.length !== 3 ? `must be 3 letters (got "${value}")` : undefined);

const schema: BlockSchema = {
  version: 0,
  description: "d",
  attributes: {
    code: { type: cty.string, optional: true, validators: [threeLetters], description: "c" },
    pin: { type: cty.string, optional: true, sensitive: true, validators: [threeLetters], description: "p" },
    ttl: { type: cty.string, optional: true, conflictsWith: ["expires_at"], description: "t" },
    expires_at: { type: cty.string, optional: true, conflictsWith: ["ttl"], description: "e" },
    old: { type: cty.string, optional: true, deprecated: "Use code instead.", description: "o" },
    list: { type: cty.list(cty.string), optional: true, validators: [(v) => ((v as string[]).length > 1 ? "at most one" : undefined)], description: "l" },
    id: { type: cty.string, computed: true, description: "i" },
    label: { type: cty.string, optional: true, computed: true, description: "a" },
  },
};

const config = (values: CtyObject): CtyObject => ({ code: null, pin: null, ttl: null, expires_at: null, old: null, list: null, id: null, label: null, ...values });

describe("attribute validation", () => {
  test("validators run on known values and report the attribute", () => {
    expect(validateAttributes(schema, config({ code: "abcd" }))).toEqual([
      { path: ["code"], summary: 'Invalid value for "code"', detail: '"code" must be 3 letters (got "abcd")' },
    ]);
    expect(validateAttributes(schema, config({ code: "abc" }))).toEqual([]);
  });

  test("null and unknown values are not validated (unknown ones are checked once known)", () => {
    expect(validateAttributes(schema, config({ code: UNKNOWN, list: ["a", UNKNOWN] }))).toEqual([]);
    expect(validateAttributes(schema, config({ list: ["a", "b"] }))).toEqual([expect.objectContaining({ path: ["list"] })]);
  });

  test("a sensitive value echoed by a validator is redacted", () => {
    const issues = validateAttributes(schema, config({ pin: "12345" }));
    expect(issues[0].detail).toBe('"pin" must be 3 letters (got "(sensitive value)")');
  });

  test("conflicting attributes are reported once; an unknown one does not count yet", () => {
    expect(validateAttributes(schema, config({ ttl: "1h", expires_at: "2030-01-01T00:00:00Z" }))).toEqual([
      expect.objectContaining({ path: ["expires_at"], summary: 'Conflicting arguments "expires_at" and "ttl"' }),
    ]);
    expect(validateAttributes(schema, config({ ttl: "1h", expires_at: UNKNOWN }))).toEqual([]);
  });

  test("setting a deprecated attribute warns", () => {
    expect(validateAttributes(schema, config({ old: "x" }))).toEqual([
      { path: ["old"], severity: "warning", summary: 'Argument "old" is deprecated', detail: "Use code instead." },
    ]);
  });

  test("a computed-only attribute cannot be set, not even to a value known later; optional+computed can", () => {
    const readOnly = { path: ["id"], summary: 'Argument "id" cannot be set', detail: '"id" is computed by the provider and read-only; remove it from the configuration.' };
    expect(validateAttributes(schema, config({ id: "chosen" }))).toEqual([readOnly]);
    expect(validateAttributes(schema, config({ id: UNKNOWN }))).toEqual([readOnly]);
    expect(validateAttributes(schema, config({ label: "chosen" }))).toEqual([]);
  });
});
