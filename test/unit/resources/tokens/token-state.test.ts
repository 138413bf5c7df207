import type { AuthenticationToken } from "../../../../src/clients/tfc";
import { Secret } from "../../../../src/http/secret";
import { AttributeError, PartialStateError } from "../../../../src/plugin/framework/definition";
import { UNKNOWN } from "../../../../src/plugin/cty/values";
import { createdState, equivalentTimestamp } from "../../../../src/resources/token-state";

const token: AuthenticationToken = {
  id: "at-AAAAAAAAAAAAAAAA",
  description: null,
  token: new Secret("abcdefghijklmn.atlasv1.secret"),
  createdAt: "2026-01-01T00:00:00.000Z",
  lastUsedAt: null,
  expiredAt: "2026-02-01T00:00:00.000Z",
};
// At apply the computed values not yet known are absent from the plan a hook sees.
const planned = { expired_at: "2026-02-01T01:00:00+01:00", organization: "acme" };

function collect() {
  const warnings: string[] = [];
  return { warnings, ctx: { warnOncePerRun: (summary: string) => warnings.push(summary) } };
}

describe("createdState", () => {
  it("fills the outputs, keeping the configured expiry text for the same instant", () => {
    const { ctx, warnings } = collect();
    expect(createdState(ctx, { planned, token, private: {} })).toEqual({
      ...planned,
      id: token.id,
      token: "abcdefghijklmn.atlasv1.secret",
      created_at: token.createdAt,
    });
    expect(warnings).toEqual([]);
  });

  it("warns when the default expiry applied", () => {
    const { ctx, warnings } = collect();
    expect(createdState(ctx, { planned: { organization: "acme", expired_at: null }, token, private: {} }).expired_at).toBe(token.expiredAt);
    expect(warnings).toEqual(["expired_at is not set, so HCP Terraform's default expiry applies"]);
  });

  it("fails on another expiry than configured, handing the created token to the engine", () => {
    const { ctx } = collect();
    const capped = { ...token, expiredAt: "2026-01-15T00:00:00.000Z" };
    let failure: unknown;
    try {
      createdState(ctx, { planned, token: capped, private: { superseded_by: "x" } });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(PartialStateError);
    const partial = failure as PartialStateError;
    expect(partial.state).toMatchObject({ id: token.id, expired_at: capped.expiredAt });
    expect(partial.private).toEqual({ superseded_by: "x" });
    expect(partial.cause).toBeInstanceOf(AttributeError);
    expect((partial.cause as AttributeError).attributePath).toEqual(["expired_at"]);
    expect(partial.message).toContain("instead of the configured 2026-02-01T01:00:00+01:00");
    expect(partial.message).not.toContain("atlasv1");
  });

  it("refuses a create response without a secret", () => {
    const { ctx } = collect();
    expect(() => createdState(ctx, { planned, token: { ...token, token: null }, private: {} })).toThrow(`created token ${token.id} but returned no secret`);
  });
});

describe("timestamps", () => {
  it("keeps known text for the same instant, else takes the remote text", () => {
    expect(equivalentTimestamp("2026-02-01T01:00:00+01:00", "2026-02-01T00:00:00.000Z")).toBe("2026-02-01T01:00:00+01:00");
    expect(equivalentTimestamp("2026-02-01T01:00:00Z", "2026-02-01T00:00:00.000Z")).toBe("2026-02-01T00:00:00.000Z");
    expect(equivalentTimestamp(UNKNOWN, "2026-02-01T00:00:00.000Z")).toBe("2026-02-01T00:00:00.000Z");
    expect(equivalentTimestamp("2026-02-01T00:00:00Z", null)).toBeNull();
  });
});
