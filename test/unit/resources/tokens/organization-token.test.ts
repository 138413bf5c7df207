import { isUnknown } from "../../../../src/plugin/cty/values";
import { auditTrailTokenResource, organizationTokenResource } from "../../../../src/resources/organization-token";
import { SingletonTokenExistsError, supersedingTokenId } from "../../../../src/resources/singleton";
import { DAY, TokenHarness } from "./harness";

let harness: TokenHarness;
let organization: string;

beforeAll(async () => {
  harness = await TokenHarness.start();
  organization = harness.emulator.seeded.organization;
});
afterAll(() => harness.close());
beforeEach(() => harness.reset());

const kinds = [
  { resource: organizationTokenResource, kind: "organization" as const, label: "organization token" },
  { resource: auditTrailTokenResource, kind: "audit-trails" as const, label: "audit trail token" },
];

function liveIds(kind: "organization" | "audit-trails"): string[] {
  return harness.emulator.inventory().organizationTokens.filter((token) => token.kind === kind).map((token) => token.id);
}

describe.each(kinds)("$label", ({ resource, kind, label }) => {
  it("creates the token with its secret, reads it back, and a re-plan changes nothing", async () => {
    const created = await harness.create(resource, { organization });
    expect(created.state).toMatchObject({ organization, id: expect.stringMatching(/^at-/), token: expect.stringMatching(/\.atlasv1\./) });
    expect(liveIds(kind)).toEqual([created.state.id]);
    const read = await harness.read(resource, created);
    expect(read?.state).toEqual(created.state);
    const { replace, diagnostics } = await harness.plan(resource, { prior: read!.state, config: harness.config(resource, { organization }), priorPrivate: read!.private });
    expect(replace).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it("refuses to overwrite an existing token unless force_regenerate is set", async () => {
    const existing = await harness.client.createOrganizationToken(organization, { kind });
    const attempt = harness.create(resource, { organization });
    await expect(attempt).rejects.toBeInstanceOf(SingletonTokenExistsError);
    await expect(attempt).rejects.toThrow(`The organization ${organization} already has an ${label} (${existing.id})`);
    expect(liveIds(kind)).toEqual([existing.id]);

    const { state } = await harness.create(resource, { organization, force_regenerate: true });
    expect(liveIds(kind)).toEqual([state.id]);
    expect(harness.takeWarnings()).toContainEqual(expect.objectContaining({ detail: expect.stringContaining(`previous token ${existing.id} was revoked`) }));
  });

  it("detects a regeneration outside Terraform, plans a replacement and never revokes the new token", async () => {
    const created = await harness.create(resource, { organization });
    const outside = await harness.client.createOrganizationToken(organization, { kind });
    const read = await harness.read(resource, created);
    expect(read?.state).toEqual(created.state);
    expect(supersedingTokenId(read?.private)).toBe(outside.id);

    const config = harness.config(resource, { organization, force_regenerate: true });
    const { planned, replace, diagnostics } = await harness.plan(resource, { prior: read!.state, config, priorPrivate: read!.private });
    expect(replace).toEqual(["id"]);
    expect(isUnknown(planned.id)).toBe(true);
    expect(diagnostics[0].detail).toContain(`force_regenerate = true, so applying revokes ${outside.id}`);

    harness.takeWarnings();
    await resource.delete(harness.context(), { state: created.state, private: read!.private });
    expect(liveIds(kind)).toEqual([outside.id]);
    expect(harness.takeWarnings()).toEqual([expect.objectContaining({ summary: `Left the ${label} of the organization ${organization} in place` })]);
  });

  it("deletes its own token, after which read removes it from state", async () => {
    const created = await harness.create(resource, { organization });
    await resource.delete(harness.context(), { state: created.state, private: created.private });
    expect(liveIds(kind)).toEqual([]);
    expect(await harness.read(resource, created)).toBeNull();
    await expect(resource.delete(harness.context(), { state: created.state, private: created.private })).resolves.toBeUndefined();
  });

  it("imports by organization name, without the secret", async () => {
    const existing = await harness.client.createOrganizationToken(organization, { kind });
    const imported = await harness.import(resource, organization);
    expect(imported?.state).toMatchObject({ id: existing.id, organization, token: null, expired_at: existing.expiredAt });
    expect(harness.takeWarnings()).toEqual([expect.objectContaining({ summary: "The token's secret cannot be imported" })]);
    await expect(resource.import!(harness.context(), { id: "not an org" })).rejects.toThrow(/the import id must be an organization name/);
  });

  it("rotates when due, keeping a configured expiry out of the replacement's causes", async () => {
    const expiredAt = new Date(harness.emulator.clock.now() + 60 * DAY).toISOString();
    const created = await harness.create(resource, { organization, expired_at: expiredAt, rotate_after: "30d" });
    harness.now = new Date(Date.parse(created.state.created_at as string) + 30 * DAY);
    const config = harness.config(resource, { organization, expired_at: expiredAt, rotate_after: "30d" });
    const { planned, replace } = await harness.plan(resource, { prior: created.state, config });
    expect(replace).toEqual(["id"]);
    expect(planned.expired_at).toBe(expiredAt);
  });
});

it("keeps the organization and audit trail tokens apart", async () => {
  const organizationToken = await harness.create(organizationTokenResource, { organization });
  const auditToken = await harness.create(auditTrailTokenResource, { organization });
  expect(liveIds("organization")).toEqual([organizationToken.state.id]);
  expect(liveIds("audit-trails")).toEqual([auditToken.state.id]);
});

it("creates once more when the create response was lost, and never keeps a secretless token", async () => {
  const create = /\/organizations\/[^/]+\/authentication-token$/;
  harness.emulator.faults.add({ method: "POST", path: create, fault: { kind: "drop-response" } });
  const { state } = await harness.create(organizationTokenResource, { organization });
  expect(state.token).toMatch(/\.atlasv1\./);
  expect(liveIds("organization")).toEqual([state.id]);

  harness.reset();
  harness.emulator.faults.add({ method: "POST", path: create, fault: { kind: "drop-response" }, times: 2 });
  await expect(harness.create(organizationTokenResource, { organization })).rejects.toThrow(/lost the response carrying its secret twice \(TFC POST \/api\/v2\/organizations\/[^/]+\/authentication-token\)\n.*was revoked/);
  expect(liveIds("organization")).toEqual([]);
});
