import { UNKNOWN, isUnknown, type CtyObject } from "../../../../src/plugin/cty/values";
import { assessRotation, planTokenChange, validateRotationPolicy } from "../../../../src/resources/rotation";
import { singletonPrivate } from "../../../../src/resources/singleton";

const created = "2026-01-01T00:00:00.000Z";
const expires = "2026-03-02T00:00:00.000Z";
const at = (iso: string) => new Date(iso);

describe("assessRotation", () => {
  const base = { tokenId: "at-AAAAAAAAAAAAAAAA", createdAt: created, expiredAt: expires, expiryConfigured: false };

  it("replaces nothing without a policy while the token is valid", () => {
    expect(assessRotation({ ...base, now: at("2026-02-01T00:00:00Z") })).toEqual({ warnings: [] });
  });

  it("rotates once created_at + rotate_after has passed, naming the rule and the times", () => {
    const policy = { ...base, rotateAfter: "720h" };
    expect(assessRotation({ ...policy, now: at("2026-01-30T23:59:59Z") }).replacement).toBeUndefined();
    const due = assessRotation({ ...policy, now: at("2026-01-31T00:00:00Z") }).replacement;
    expect(due?.summary).toBe("Replacing token at-AAAAAAAAAAAAAAAA: rotate_after (720h) has elapsed");
    expect(due?.detail).toContain("created at 2026-01-01T00:00:00.000Z");
    expect(due?.detail).toContain("due for rotation at 2026-01-31T00:00:00.000Z");
    expect(due?.detail).toContain("now 2026-01-31T00:00:00.000Z");
  });

  it("renews once expired_at - renew_before has passed", () => {
    const policy = { ...base, renewBefore: "7d" };
    expect(assessRotation({ ...policy, now: at("2026-02-22T23:59:59Z") }).replacement).toBeUndefined();
    const due = assessRotation({ ...policy, now: at("2026-02-23T00:00:00Z") }).replacement;
    expect(due?.summary).toMatch(/expiry is within renew_before \(7d\)/);
    expect(due?.detail).toContain("due for renewal at 2026-02-23T00:00:00.000Z");
  });

  it("replaces an expired token even without a policy", () => {
    const due = assessRotation({ ...base, now: at(expires) }).replacement;
    expect(due?.summary).toBe(`Replacing token at-AAAAAAAAAAAAAAAA: it expired at ${expires}`);
  });

  it("reports the most urgent rule first", () => {
    const all = { ...base, rotateAfter: "1h", renewBefore: "1000d", now: at("2026-04-01T00:00:00Z") };
    expect(assessRotation(all).replacement?.summary).toMatch(/expired/);
    expect(assessRotation({ ...all, now: at("2026-02-01T00:00:00Z") }).replacement?.summary).toMatch(/rotate_after/);
  });

  it("only warns when renew_before is due but expired_at is fixed by configuration", () => {
    const result = assessRotation({ ...base, renewBefore: "30d", expiryConfigured: true, now: at("2026-02-15T00:00:00Z") });
    expect(result.replacement).toBeUndefined();
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: ["expired_at"], severity: "warning", summary: expect.stringMatching(/due for renewal but expired_at is fixed/) }),
    ]);
  });

  it("ignores rules whose time is missing (a token that never expires)", () => {
    const result = assessRotation({ ...base, expiredAt: undefined, renewBefore: "30d", now: at("2099-01-01T00:00:00Z") });
    expect(result).toEqual({ warnings: [] });
  });
});

describe("planTokenChange", () => {
  const prior: CtyObject = {
    id: "at-AAAAAAAAAAAAAAAA",
    token: "secret",
    created_at: created,
    expired_at: expires,
    rotate_after: null,
    renew_before: null,
  };
  const config: CtyObject = { id: null, token: null, created_at: null, expired_at: null, rotate_after: "720h", renew_before: null };
  const planned: CtyObject = { ...prior, rotate_after: "720h" };

  it("keeps the plan when nothing is due", () => {
    const result = planTokenChange({ prior, planned, config, priorPrivate: undefined }, { now: at("2026-01-02T00:00:00Z") });
    expect(result).toEqual({ planned, diagnostics: [] });
  });

  it("plans a replacement: computed outputs unknown, id in requiresReplace, a warning with the reason", () => {
    const result = planTokenChange(
      { prior, planned, config, priorPrivate: undefined },
      { now: at("2026-02-01T00:00:00Z"), recomputedOnReplace: { remote_description: UNKNOWN } },
    );
    expect(result.requiresReplace).toEqual(["id"]);
    for (const name of ["id", "token", "created_at", "remote_description"]) expect(isUnknown(result.planned?.[name])).toBe(true);
    // Not a cause of the replacement: the engine plans the new token's expiry afresh.
    expect(result.planned?.expired_at).toBe(expires);
    expect(result.planned?.rotate_after).toBe("720h");
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: "warning", summary: expect.stringMatching(/rotate_after/) })]);
  });

  it("keeps the stored expired_at text when the configuration names the same instant", () => {
    const fixed = { ...config, expired_at: "2026-03-02T01:00:00+01:00" };
    const result = planTokenChange(
      { prior, planned: { ...planned, expired_at: fixed.expired_at }, config: fixed, priorPrivate: undefined },
      { now: at("2026-02-01T00:00:00Z") },
    );
    // Same instant as stored: the stored text is kept rather than shown as a change.
    expect(result.planned?.expired_at).toBe(expires);
  });

  it("plans a replacement with the advice when read recorded an out-of-band regeneration", () => {
    const result = planTokenChange(
      { prior, planned, config: { ...config, rotate_after: null }, priorPrivate: singletonPrivate("at-BBBBBBBBBBBBBBBB") },
      { now: at("2026-01-02T00:00:00Z"), supersededAdvice: (id) => `Advice about ${id}.` },
    );
    expect(result.requiresReplace).toEqual(["id"]);
    expect(result.diagnostics?.[0].summary).toBe("Token at-AAAAAAAAAAAAAAAA was regenerated outside Terraform; the secret in state no longer works");
    expect(result.diagnostics?.[0].detail).toContain("Advice about at-BBBBBBBBBBBBBBBB.");
  });
});

describe("validateRotationPolicy", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const config = (values: CtyObject): CtyObject => ({ expired_at: null, renew_before: null, ...values });

  it("accepts a renew_before shorter than the token's life", () => {
    expect(validateRotationPolicy(config({ renew_before: "720h" }), now)).toEqual([]);
    expect(validateRotationPolicy(config({ renew_before: "720h", expired_at: "2026-03-01T00:00:00Z" }), now)).toEqual([]);
  });

  it("warns when renew_before covers the configured lifetime", () => {
    expect(validateRotationPolicy(config({ renew_before: "60d", expired_at: "2026-02-01T00:00:00Z" }), now)).toEqual([
      expect.objectContaining({ path: ["renew_before"], severity: "warning", detail: expect.stringContaining("expired_at (2026-02-01T00:00:00.000Z)") }),
    ]);
  });

  it("warns when renew_before covers the default two-year lifetime", () => {
    expect(validateRotationPolicy(config({ renew_before: "800d" }), now)).toEqual([
      expect.objectContaining({ path: ["renew_before"], detail: expect.stringContaining("default lifetime of two years") }),
    ]);
  });

  it("says nothing while values are unknown or malformed (attribute validators report those)", () => {
    expect(validateRotationPolicy(config({ renew_before: "800d", expired_at: UNKNOWN }), now)).toEqual([]);
    expect(validateRotationPolicy(config({ renew_before: UNKNOWN }), now)).toEqual([]);
    expect(validateRotationPolicy(config({ renew_before: "soon" }), now)).toEqual([]);
  });
});
