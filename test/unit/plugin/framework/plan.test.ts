import fc from "fast-check";
import { BigDecimal, UNKNOWN, isUnknown, type CtyObject, type CtyValue } from "../../../../src/plugin/cty/values";
import { checkPlan, defaultPlan, replacementPaths } from "../../../../src/plugin/framework/plan";
import { widget, widgetSchema } from "./fixtures";

const plan = (request: { prior: CtyObject | null; config: CtyObject; proposed?: CtyObject; providerConfigKnown?: boolean }) =>
  defaultPlan(widgetSchema, { proposed: request.config, providerConfigKnown: true, ...request });

const valid = (request: { prior: CtyObject | null; config: CtyObject; planned: CtyObject; replace?: string[] }) =>
  checkPlan(widgetSchema, { replace: [], updatable: true, ...request });

describe("default plan on create", () => {
  const config = widget({ name: "w", note: "n", label: "mine", password: "pw", size: new BigDecimal("9007199254740993") });
  const planned = plan({ prior: null, config });

  test("computed attributes left null in config are unknown until apply", () => {
    expect(isUnknown(planned.id)).toBe(true);
    expect(isUnknown(planned.token)).toBe(true);
  });

  test("configured values are planned as configured, including optional+computed ones", () => {
    expect(planned).toMatchObject({ name: "w", note: "n", label: "mine", size: new BigDecimal("9007199254740993"), tags: null });
  });

  test("an optional+computed attribute left unset gets a value at apply", () => {
    expect(isUnknown(plan({ prior: null, config: widget({ name: "w" }) }).label)).toBe(true);
  });

  test("write-only attributes are never planned", () => {
    expect(planned.password).toBeNull();
  });

  test("passes the engine's plan rules", () => {
    expect(valid({ prior: null, config, planned })).toEqual([]);
  });
});

describe("default plan on update", () => {
  const prior = widget({ id: "w-1", name: "w", label: "label-w", token: "t", size: 5 });

  test("keeps prior computed values (the proposed state already carries them)", () => {
    const config = widget({ name: "w", note: "changed" });
    const proposed = { ...config, id: "w-1", label: "label-w", token: "t" };
    expect(plan({ prior, config, proposed })).toEqual(proposed);
  });

  test("with unknown provider configuration, a changing plan cannot promise computed-only values", () => {
    const config = widget({ name: "w", note: "changed" });
    const planned = plan({ prior, config, proposed: { ...config, id: "w-1", label: "label-w", token: "t" }, providerConfigKnown: false });
    expect(isUnknown(planned.id)).toBe(true);
    expect(isUnknown(planned.token)).toBe(true);
    expect(planned.label).toBe("label-w");
    expect(valid({ prior, config, planned })).toEqual([]);
  });

  test("with unknown provider configuration, an unchanged resource stays unchanged", () => {
    const config = widget({ name: "w", size: 5 });
    const proposed = { ...config, id: "w-1", label: "label-w", token: "t" };
    expect(plan({ prior, config, proposed, providerConfigKnown: false })).toEqual(proposed);
  });
});

describe("replacement", () => {
  const prior = widget({ id: "w-1", name: "w", note: "a" });

  test("a changed requiresReplace attribute replaces; other changes do not", () => {
    expect(replacementPaths(widgetSchema, prior, { ...prior, name: "v" })).toEqual(["name"]);
    expect(replacementPaths(widgetSchema, prior, { ...prior, note: "b" })).toEqual([]);
  });

  test("a requiresReplace attribute planned unknown replaces", () => {
    expect(replacementPaths(widgetSchema, prior, { ...prior, name: UNKNOWN })).toEqual(["name"]);
  });

  test("modifyPlan's paths are merged, deduplicated and sorted", () => {
    expect(replacementPaths(widgetSchema, prior, { ...prior, name: "v" }, ["note", "name"])).toEqual(["name", "note"]);
  });
});

describe("plan checks", () => {
  const prior = widget({ id: "w-1", name: "w", label: "l", token: "secret-token", note: "a" });

  test("a planned value that differs from config of a non-computed attribute is a provider bug naming it", () => {
    const issues = valid({ prior: null, config: widget({ name: "w" }), planned: widget({ name: "x", id: UNKNOWN, label: UNKNOWN, token: UNKNOWN }) });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: ["name"], summary: 'Provider produced an invalid plan for "name"' });
    expect(issues[0].detail).toContain('planned "x" but the configuration says "w"');
    expect(issues[0].detail).toContain("bug in the provider");
  });

  test("an optional+computed attribute set in config must be planned as configured", () => {
    const config = widget({ name: "w", label: "mine" });
    expect(valid({ prior: null, config, planned: { ...config, id: UNKNOWN, token: UNKNOWN, label: "other" } })).toEqual([
      expect.objectContaining({ path: ["label"] }),
    ]);
  });

  test("keeping a non-null prior value against a non-null config is allowed (normalisation)", () => {
    const config = widget({ name: "w", note: "A" });
    expect(valid({ prior, config, planned: { ...prior, note: "a" } })).toEqual([]);
  });

  test("a computed-only attribute may be planned freely, sensitive values are never shown", () => {
    const config = widget({ name: "w", note: "a" });
    expect(valid({ prior, config, planned: { ...prior, token: UNKNOWN } })).toEqual([]);
    const bad = valid({ prior, config: widget({ name: "w", note: "a", password: "hunter2" }), planned: { ...prior, password: "hunter2" } });
    expect(bad).toEqual([expect.objectContaining({ path: ["password"] })]);
    expect(JSON.stringify(bad)).not.toContain("hunter2");
  });

  test("numbers compare by value: an exact big integer is not its rounded double", () => {
    const config = widget({ name: "w", size: new BigDecimal("9007199254740993") });
    const planned = { ...config, id: UNKNOWN, label: UNKNOWN, token: UNKNOWN };
    expect(valid({ prior: null, config, planned })).toEqual([]);
    expect(valid({ prior: null, config, planned: { ...planned, size: 9007199254740992 } })).toEqual([expect.objectContaining({ path: ["size"] })]);
  });

  test("replacing on an attribute the resource does not have is a provider bug", () => {
    expect(valid({ prior, config: widget({ name: "w", note: "a" }), planned: prior, replace: ["nope"] })).toEqual([
      expect.objectContaining({ summary: "Provider asked to replace on an unknown attribute" }),
    ]);
  });

  test("a resource without update cannot plan an in-place change", () => {
    const config = widget({ name: "w", note: "b" });
    const issues = checkPlan(widgetSchema, { prior, config, planned: { ...prior, note: "b" }, replace: [], updatable: false });
    expect(issues).toEqual([expect.objectContaining({ summary: "demo_widget cannot be updated in place" })]);
    expect(checkPlan(widgetSchema, { prior, config, planned: { ...prior, note: "b" }, replace: ["note"], updatable: false })).toEqual([]);
  });

  test("the default plan always passes the engine's rules", () => {
    const text = fc.option(fc.string({ maxLength: 3 }), { nil: null });
    const value: fc.Arbitrary<CtyValue> = fc.oneof(text, fc.constant(UNKNOWN));
    const objects = fc.record({ name: fc.string({ maxLength: 3 }), note: value, label: value, password: value, size: fc.option(fc.integer(), { nil: null }) });
    const priors = fc.option(fc.record({ id: fc.string(), name: fc.string({ maxLength: 3 }), note: text, label: fc.string(), token: fc.string() }), { nil: null });
    fc.assert(
      fc.property(objects, priors, (configValues, priorValues) => {
        const config = widget(configValues);
        const prior = priorValues === null ? null : widget(priorValues);
        // The engine's ProposedNewState: config, with prior values for computed attributes config leaves null.
        const proposed = prior === null ? config : { ...config, id: prior.id, token: prior.token, label: config.label ?? prior.label };
        const planned = plan({ prior, config, proposed });
        const replace = prior === null ? [] : replacementPaths(widgetSchema, prior, planned);
        expect(valid({ prior, config, planned, replace })).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
