import { validateAttributes } from "../../../../src/plugin/framework/config-validation";
import { checkProviderDefinition } from "../../../../src/plugin/framework/schema-check";
import { UNKNOWN, type CtyObject } from "../../../../src/plugin/cty/values";
import {
  auditTrailTokenResource,
  organizationTokenResource,
} from "../../../../src/resources/organization-token";
import { DESCRIPTION_MAX_LENGTH, REMOTE_DESCRIPTION_MAX_LENGTH } from "../../../../src/resources/schemas/team-token";
import {
  newMarker,
  parseRemoteDescription,
  remoteDescription,
  teamTokenResource,
} from "../../../../src/resources/team-token";
import type { ResourceDefinition } from "../../../../src/plugin/framework/definition";

const resources = [teamTokenResource, organizationTokenResource, auditTrailTokenResource] as ResourceDefinition<unknown>[];

/** A configuration with every attribute null except `values`. */
function configOf(resource: ResourceDefinition<unknown>, values: CtyObject): CtyObject {
  return { ...Object.fromEntries(Object.keys(resource.schema.attributes).map((name) => [name, null])), ...values };
}

/** Everything the engine would show at validate: attribute validators, then the resource's own checks. */
function validate(resource: ResourceDefinition<unknown>, values: CtyObject) {
  const config = configOf(resource, values);
  return [...validateAttributes(resource.schema, config), ...(resource.validate?.(config) ?? [])];
}

const TEAM = "team-AbCdEfGh12345678";
const future = new Date(Date.now() + 30 * 86_400_000).toISOString();

describe("token resource schemas", () => {
  it("pass the framework's schema rules as one provider", () => {
    expect(checkProviderDefinition({ typeName: "tokenhooks", schema: { version: 0, description: "p", attributes: {} }, configure: () => undefined, resources })).toEqual([]);
  });

  it("name their types and mark the secret sensitive", () => {
    expect(resources.map((r) => r.schema.typeName)).toEqual(["tokenhooks_team_token", "tokenhooks_organization_token", "tokenhooks_audit_trail_token"]);
    for (const resource of resources) {
      expect(resource.schema.attributes.token).toMatchObject({ computed: true, sensitive: true });
      expect(resource.schema.attributes.expired_at).toMatchObject({ optional: true, computed: true, requiresReplace: true });
      // Local policy, changed in place: never a reason to replace a token.
      for (const name of ["force_regenerate", "rotate_after", "renew_before"]) expect(resource.schema.attributes[name].requiresReplace).toBeUndefined();
    }
  });

  it("document the remote description scheme", () => {
    expect(teamTokenResource.schema.description).toContain("(tokenhooks:<8 random [a-z0-9]>)");
    expect(teamTokenResource.schema.attributes.remote_description.description).toContain("(tokenhooks:<marker>)");
  });
});

describe("remote description marker", () => {
  it("appends a stable tag and 8 random [a-z0-9] characters", () => {
    const markers = new Set(Array.from({ length: 50 }, () => newMarker()));
    for (const marker of markers) expect(marker).toMatch(/^[a-z0-9]{8}$/);
    expect(markers.size).toBe(50);
    expect(remoteDescription("ci deploys", "k3j9x2ab")).toBe("ci deploys (tokenhooks:k3j9x2ab)");
  });

  it("parses back to the configured description, or whole when not ours", () => {
    expect(parseRemoteDescription("ci deploys (tokenhooks:k3j9x2ab)")).toEqual({ description: "ci deploys", marker: "k3j9x2ab" });
    expect(parseRemoteDescription("made by hand")).toEqual({ description: "made by hand" });
    expect(parseRemoteDescription("x (tokenhooks:SHOUTING)")).toEqual({ description: "x (tokenhooks:SHOUTING)" });
  });

  it("fits the longest accepted description within the stored limit", () => {
    expect(remoteDescription("d".repeat(DESCRIPTION_MAX_LENGTH))).toHaveLength(REMOTE_DESCRIPTION_MAX_LENGTH);
  });
});

describe("validation at plan time", () => {
  it("accepts a minimal legacy and a described configuration", () => {
    expect(validate(teamTokenResource, { team_id: TEAM })).toEqual([]);
    expect(validate(teamTokenResource, { team_id: TEAM, description: "ci", expired_at: future, rotate_after: "720h", renew_before: "24h" })).toEqual([]);
    expect(validate(organizationTokenResource, { organization: "acme_corp-1", rotate_after: "90d" })).toEqual([]);
  });

  it.each([
    ["team_id", { team_id: "team-short" }, /team id/],
    ["description", { team_id: TEAM, description: "d".repeat(DESCRIPTION_MAX_LENGTH + 1) }, /at most 233 characters/],
    ["description", { team_id: TEAM, description: "" }, /must not be empty/],
    ["description", { team_id: TEAM, description: "x (tokenhooks:abcdefgh)" }, /must not contain "\(tokenhooks:"/],
    ["expired_at", { team_id: TEAM, expired_at: "next week" }, /RFC 3339/],
    ["rotate_after", { team_id: TEAM, rotate_after: "a month" }, /must be a duration/],
    ["renew_before", { team_id: TEAM, renew_before: "0h" }, /longer than zero/],
  ])("rejects a bad %s, naming it", (attribute, values, message) => {
    const issues = validate(teamTokenResource, values);
    expect(issues).toEqual([expect.objectContaining({ path: [attribute], detail: expect.stringMatching(message) })]);
    expect(issues[0].severity).toBeUndefined();
  });

  it("accepts a past expired_at at validate, so an expired token can still be planned and destroyed", () => {
    expect(validate(teamTokenResource, { team_id: TEAM, expired_at: "2020-01-01T00:00:00Z" })).toEqual([]);
  });

  it.each(resources.map((resource) => [resource.schema.typeName, resource] as const))(
    "%s refuses to plan the creation of a token whose expired_at has passed, with zero API calls",
    async (_name, resource) => {
      const values: CtyObject = resource === teamTokenResource ? { team_id: TEAM, expired_at: "2020-01-01T00:00:00Z" } : { organization: "acme", expired_at: "2020-01-01T00:00:00Z" };
      const config = configOf(resource, values);
      const noClients = {
        checkConfigured: () => undefined,
        tfc: () => { throw new Error("no API call may be made while planning"); },
        infisical: () => { throw new Error("no API call may be made while planning"); },
      };
      const ctx = { clients: noClients, now: () => new Date("2026-11-23T00:00:00Z"), log: undefined as never, warn: () => undefined, warnOncePerRun: () => undefined, stopping: new AbortController().signal };
      const modification = await resource.modifyPlan?.(ctx, { prior: null, planned: config, config, priorPrivate: undefined });
      expect(modification?.diagnostics).toEqual([
        expect.objectContaining({ path: ["expired_at"], summary: "expired_at must be in the future (got 2020-01-01T00:00:00Z)" }),
      ]);
    },
  );

  it("rejects a bad organization name", () => {
    expect(validate(auditTrailTokenResource, { organization: "acme corp" })).toEqual([
      expect.objectContaining({ path: ["organization"], detail: expect.stringMatching(/organization name/) }),
    ]);
  });

  it("rejects force_regenerate = true on a described token, but not false or an unknown description", () => {
    expect(validate(teamTokenResource, { team_id: TEAM, description: "ci", force_regenerate: true })).toEqual([
      expect.objectContaining({ path: ["force_regenerate"], summary: 'Conflicting arguments "force_regenerate" and "description"' }),
    ]);
    expect(validate(teamTokenResource, { team_id: TEAM, description: "ci", force_regenerate: false })).toEqual([]);
    expect(validate(teamTokenResource, { team_id: TEAM, description: UNKNOWN, force_regenerate: true })).toEqual([]);
  });

  it("warns when renew_before is not shorter than the token's lifetime", () => {
    for (const resource of resources) {
      expect(validate(resource, { team_id: TEAM, organization: "acme", renew_before: "1000d" })).toEqual([
        expect.objectContaining({ path: ["renew_before"], severity: "warning" }),
      ]);
    }
  });
});
