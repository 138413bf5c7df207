import { defaultExpiry } from "../../../src/emulator/tfc/model";
import { attributes, call, useEmulator } from "./support";

const emulator = useEmulator();
const tfc = (path: string) => `${emulator().url}/api/v2${path}`;
const SECRET_FORMAT = /^[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}$/;
const HOUR_MS = 60 * 60 * 1000;

async function accountStatus(token: string): Promise<number> {
  return (await call("GET", tfc("/account/details"), { token })).status;
}

describe("legacy team token (/teams/:id/authentication-token)", () => {
  test("POST creates a token whose secret appears only in the create response; regenerating revokes the previous secret", async () => {
    const { seeded } = emulator();
    const teamId = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    const first = await call("POST", tfc(`/teams/${teamId}/authentication-token`), { token: seeded.ownerUserToken, body: attributes({}) });
    expect(first.status).toBe(201);
    expect(first.headers["content-type"]).toBe("application/vnd.api+json");
    expect(first.json.data).toMatchObject({
      id: expect.stringMatching(/^at-[A-Za-z0-9]{16}$/),
      type: "authentication-tokens",
      attributes: { description: null, token: expect.stringMatching(SECRET_FORMAT), "last-used-at": null },
      relationships: { team: { data: { id: teamId, type: "teams" } }, "created-by": { data: { id: seeded.ownerUserId, type: "users" } } },
    });
    const shown = await call("GET", tfc(`/teams/${teamId}/authentication-token`), { token: seeded.ownerUserToken });
    expect(shown.status).toBe(200);
    expect(shown.json.data.id).toBe(first.json.data.id);
    expect(shown.json.data.attributes.token).toBeNull();

    const second = await call("POST", tfc(`/teams/${teamId}/authentication-token`), { token: seeded.ownerUserToken });
    expect(second.status).toBe(201);
    expect(second.json.data.id).not.toBe(first.json.data.id);
    expect(await accountStatus(first.json.data.attributes.token)).toBe(401);
    expect(await accountStatus(second.json.data.attributes.token)).toBe(200);
    const revoke = emulator().history().find((event) => event.action === "revoke" && event.id === first.json.data.id);
    expect(revoke?.details.reason).toBe("regenerated");
  });

  test("GET and DELETE answer 404 when the team has no token; DELETE revokes with 204", async () => {
    const { seeded } = emulator();
    const teamId = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    const path = tfc(`/teams/${teamId}/authentication-token`);
    expect((await call("GET", path, { token: seeded.ownerUserToken })).status).toBe(404);
    expect((await call("DELETE", path, { token: seeded.ownerUserToken })).status).toBe(404);
    const created = await call("POST", path, { token: seeded.ownerUserToken });
    const deleted = await call("DELETE", path, { token: seeded.ownerUserToken });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect(await accountStatus(created.json.data.attributes.token)).toBe(401);
    expect((await call("GET", path, { token: seeded.ownerUserToken })).status).toBe(404);
  });

  test("a non-owner team token manages its own team's token but gets 404 for another team's", async () => {
    const { seeded } = emulator();
    const developers = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    const own = await call("GET", tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-token`), { token: seeded.nonOwnerTeamToken });
    expect(own.status).toBe(200);
    expect(own.json.data.id).toBe(seeded.nonOwnerTeamTokenId);
    const other = await call("POST", tfc(`/teams/${developers}/authentication-token`), { token: seeded.nonOwnerTeamToken });
    expect(other.status).toBe(404);
    expect(other.json).toEqual({ errors: [{ status: "404", title: "not found" }] });
  });
});

describe("described team tokens (/teams/:id/authentication-tokens)", () => {
  test("descriptions are optional and unique per team, as go-tfe's multi-token tests expect", async () => {
    const { seeded } = emulator();
    const path = tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-tokens`);
    const created = await call("POST", path, { token: seeded.ownerUserToken, body: attributes({ description: "ci" }) });
    expect(created.status).toBe(201);
    expect(created.json.data.attributes).toMatchObject({ description: "ci", token: expect.stringMatching(SECRET_FORMAT) });
    const duplicate = await call("POST", path, { token: seeded.ownerUserToken, body: attributes({ description: "ci" }) });
    expect(duplicate.status).toBe(422);
    expect(duplicate.json).toEqual({
      errors: [{ status: "422", title: "invalid attributes", detail: "Validation failed: Description has already been taken" }],
    });
    const empty = await call("POST", path, { token: seeded.ownerUserToken, body: attributes({ description: "" }) });
    expect(empty.status).toBe(201);
    expect(empty.json.data.attributes.description).toBe("");
    const none = await call("POST", path, { token: seeded.ownerUserToken, body: attributes({}) });
    expect(none.status).toBe(201);
    expect(none.json.data.attributes.description).toBeNull();
    // A described-endpoint token without description is not the team's legacy token.
    expect(emulator().inventory().teamTokens.find((token) => token.id === none.json.data.id)).toMatchObject({ legacy: false, description: null });
    const notText = await call("POST", path, { token: seeded.ownerUserToken, body: attributes({ description: 7 }) });
    expect(notText.status).toBe(422);
    expect(notText.json.errors[0].source).toEqual({ pointer: "/data/attributes/description" });
    const developers = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    const sameDescriptionElsewhere = await call("POST", tfc(`/teams/${developers}/authentication-tokens`), {
      token: seeded.ownerUserToken,
      body: attributes({ description: "ci" }),
    });
    expect(sameDescriptionElsewhere.status).toBe(201);
  });

  test("creating one leaves the legacy token alone; GET and DELETE by id; a deleted token is 404 and its secret 401", async () => {
    const { seeded } = emulator();
    const created = await call("POST", tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-tokens`), {
      token: seeded.nonOwnerTeamToken,
      body: attributes({ description: "rotation-2" }),
    });
    expect(created.status).toBe(201);
    expect(created.json.data.relationships["created-by"].data).toEqual({ id: seeded.nonOwnerTeamId, type: "teams" });
    expect(await accountStatus(seeded.nonOwnerTeamToken)).toBe(200);
    const id = created.json.data.id;
    const shown = await call("GET", tfc(`/authentication-tokens/${id}`), { token: seeded.ownerUserToken });
    expect(shown.status).toBe(200);
    expect(shown.json.data.attributes).toMatchObject({ description: "rotation-2", token: null });
    expect((await call("DELETE", tfc(`/authentication-tokens/${id}`), { token: seeded.ownerUserToken })).status).toBe(204);
    expect((await call("GET", tfc(`/authentication-tokens/${id}`), { token: seeded.ownerUserToken })).status).toBe(404);
    expect((await call("DELETE", tfc(`/authentication-tokens/${id}`), { token: seeded.ownerUserToken })).status).toBe(404);
    expect(await accountStatus(created.json.data.attributes.token)).toBe(401);
  });

  test("a team token cannot see another team's token by id", async () => {
    const { seeded } = emulator();
    const developers = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    const created = await call("POST", tfc(`/teams/${developers}/authentication-tokens`), { token: seeded.ownerUserToken, body: attributes({ description: "x" }) });
    const peek = await call("GET", tfc(`/authentication-tokens/${created.json.data.id}`), { token: seeded.nonOwnerTeamToken });
    expect(peek.status).toBe(404);
  });
});

describe("organization and audit-trail tokens", () => {
  const orgTokenPath = () => tfc(`/organizations/${emulator().seeded.organization}/authentication-token`);

  test("owners create, read and regenerate; regenerating revokes the previous secret", async () => {
    const { seeded } = emulator();
    expect((await call("GET", orgTokenPath(), { token: seeded.ownerUserToken })).status).toBe(404);
    const first = await call("POST", orgTokenPath(), { token: seeded.ownerUserToken, body: attributes({}, "authentication-token") });
    expect(first.status).toBe(201);
    expect(first.json.data.attributes.token).toMatch(SECRET_FORMAT);
    expect(first.json.data.relationships.team).toBeUndefined();
    const shown = await call("GET", orgTokenPath(), { token: seeded.ownerUserToken });
    expect(shown.json.data).toMatchObject({ id: first.json.data.id, attributes: { token: null } });

    const account = await call("GET", tfc("/account/details"), { token: first.json.data.attributes.token });
    expect(account.json.data.attributes["is-service-account"]).toBe(true);
    expect(account.json.data.relationships["authenticated-resource"].data).toEqual({ id: seeded.organization, type: "organizations" });

    const second = await call("POST", orgTokenPath(), { token: first.json.data.attributes.token });
    expect(second.status).toBe(201);
    expect(await accountStatus(first.json.data.attributes.token)).toBe(401);
    expect((await call("DELETE", orgTokenPath(), { token: second.json.data.attributes.token })).status).toBe(204);
    expect(await accountStatus(second.json.data.attributes.token)).toBe(401);
  });

  test("forbidden is 404: a non-owner team token can neither create, read nor delete", async () => {
    const { seeded } = emulator();
    await call("POST", orgTokenPath(), { token: seeded.ownerUserToken });
    for (const method of ["POST", "GET", "DELETE"] as const) {
      const response = await call(method, orgTokenPath(), { token: seeded.nonOwnerTeamToken });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ errors: [{ status: "404", title: "not found" }] });
    }
    expect(emulator().inventory().organizationTokens).toHaveLength(1);
    const anonymous = await call("GET", orgTokenPath());
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ errors: [{ status: "401", title: "unauthorized" }] });
  });

  test("the owners team's token may manage organization tokens", async () => {
    const { seeded } = emulator();
    const owners = await call("POST", tfc(`/teams/${seeded.ownersTeamId}/authentication-token`), { token: seeded.ownerUserToken });
    expect((await call("POST", orgTokenPath(), { token: owners.json.data.attributes.token })).status).toBe(201);
  });

  test("the audit-trail token is a separate singleton selected by ?token=audit-trails", async () => {
    const { seeded } = emulator();
    const organizationToken = await call("POST", orgTokenPath(), { token: seeded.ownerUserToken });
    const audit = await call("POST", `${orgTokenPath()}?token=audit-trails`, { token: seeded.ownerUserToken });
    expect(audit.status).toBe(201);
    expect(audit.json.data.id).not.toBe(organizationToken.json.data.id);
    expect(await accountStatus(organizationToken.json.data.attributes.token)).toBe(200);
    expect((await call("GET", `${orgTokenPath()}?token=audit-trails`, { token: seeded.ownerUserToken })).json.data.id).toBe(audit.json.data.id);
    expect(emulator().inventory().organizationTokens.map((token) => token.kind).sort()).toEqual(["audit-trails", "organization"]);
    expect((await call("GET", `${orgTokenPath()}?token=bogus`, { token: seeded.ownerUserToken })).status).toBe(400);
    // Audit-trail tokens only read audit trails: nothing here is theirs to see.
    const teams = await call("GET", tfc(`/organizations/${seeded.organization}/teams`), { token: audit.json.data.attributes.token });
    expect(teams.status).toBe(404);
  });
});

describe("expiry", () => {
  test("tokens without expired-at expire two calendar years after creation, to the second", async () => {
    const { seeded, clock } = emulator();
    const created = await call("POST", tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-tokens`), {
      token: seeded.ownerUserToken,
      body: attributes({ description: "default-expiry", "expired-at": null }),
    });
    const createdAt = new Date(created.json.data.attributes["created-at"]);
    const twoYearsLater = new Date(createdAt);
    twoYearsLater.setUTCFullYear(createdAt.getUTCFullYear() + 2);
    expect(created.json.data.attributes["expired-at"]).toBe(twoYearsLater.toISOString());
    expect(createdAt.getTime()).toBeLessThanOrEqual(clock.now());
  });

  test("a 29 February inside the two years makes the default lifetime 731 days, not 730", () => {
    expect(defaultExpiry(Date.parse("2027-06-01T12:00:00.000Z"))).toBe(Date.parse("2029-06-01T12:00:00.000Z"));
    expect(defaultExpiry(Date.parse("2027-06-01T12:00:00.000Z")) - Date.parse("2027-06-01T12:00:00.000Z")).toBe(731 * 24 * HOUR_MS);
    expect(defaultExpiry(Date.parse("2026-01-15T00:00:00.000Z")) - Date.parse("2026-01-15T00:00:00.000Z")).toBe(730 * 24 * HOUR_MS);
    // Go's AddDate normalises 29 February + 2 years to 1 March, and so does the emulator.
    expect(new Date(defaultExpiry(Date.parse("2028-02-29T08:00:00.000Z"))).toISOString()).toBe("2030-03-01T08:00:00.000Z");
  });

  test("expired-at must be an ISO 8601 date-time in the future", async () => {
    const { seeded, clock } = emulator();
    const post = (expiredAt: unknown) =>
      call("POST", tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-tokens`), {
        token: seeded.ownerUserToken,
        body: attributes({ description: `d-${String(expiredAt)}`, "expired-at": expiredAt }),
      });
    for (const bad of ["tomorrow", "2030-01-01", 12345, new Date(clock.now() - HOUR_MS).toISOString()]) {
      const response = await post(bad);
      expect(response.status).toBe(422);
      expect(response.json.errors[0]).toMatchObject({ status: "422", title: "invalid attribute", source: { pointer: "/data/attributes/expired-at" } });
    }
    const good = await post("2999-01-01T00:00:00+02:00");
    expect(good.status).toBe(201);
    expect(good.json.data.attributes["expired-at"]).toBe("2998-12-31T22:00:00.000Z");
  });

  test("moving the emulator clock past a token's expiry makes it 401 and drops it from the inventory", async () => {
    const { seeded, clock } = emulator();
    const created = await call("POST", tfc(`/organizations/${seeded.organization}/authentication-token`), {
      token: seeded.ownerUserToken,
      body: attributes({ "expired-at": new Date(clock.now() + HOUR_MS).toISOString() }),
    });
    const secret = created.json.data.attributes.token;
    expect(await accountStatus(secret)).toBe(200);
    clock.advance(HOUR_MS + 1);
    expect(await accountStatus(secret)).toBe(401);
    expect(emulator().inventory().organizationTokens).toEqual([]);
  });
});

describe("GET /organizations/:org/team-tokens", () => {
  async function createTokens(count: number, description: (i: number) => string, expiredAt?: (i: number) => string): Promise<void> {
    const { seeded } = emulator();
    for (let i = 0; i < count; i++) {
      const response = await call("POST", tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-tokens`), {
        token: seeded.ownerUserToken,
        body: attributes({ description: description(i), "expired-at": expiredAt?.(i) }),
      });
      expect(response.status).toBe(201);
    }
  }
  const list = (query: string, token = emulator().seeded.ownerUserToken) =>
    call("GET", `${tfc(`/organizations/${emulator().seeded.organization}/team-tokens`)}${query}`, { token });

  test("pages by page[number]/page[size] (default 20, max 100) with meta.pagination and links", async () => {
    await createTokens(24, (i) => `bulk-${i}`);
    const first = await list("");
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(20);
    expect(first.json.meta.pagination).toMatchObject({ "current-page": 1, "prev-page": null, "next-page": 2, "total-pages": 2, "total-count": 25 });
    expect(first.json.links.next).toContain("page%5Bnumber%5D=2");
    const second = await list("?page[number]=2");
    expect(second.json.data).toHaveLength(5);
    expect(second.json.meta.pagination).toMatchObject({ "current-page": 2, "next-page": null, "prev-page": 1 });
    const ids = new Set([...first.json.data, ...second.json.data].map((token: { id: string }) => token.id));
    expect(ids.size).toBe(25);
    expect((await list("?page[size]=10&page[number]=3")).json.data).toHaveLength(5);
    expect((await list("?page[size]=500")).json.meta.pagination["page-size"]).toBe(100);
    expect(first.json.data.every((token: { attributes: { token: unknown } }) => token.attributes.token === null)).toBe(true);
  });

  test("q searches team names; filter[expiry_status] (or filter[status]) filters by expiry", async () => {
    const { seeded, clock } = emulator();
    const developers = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    await call("POST", tfc(`/teams/${developers}/authentication-tokens`), { token: seeded.ownerUserToken, body: attributes({ description: "dev" }) });
    await createTokens(2, (i) => `soon-${i}`, () => new Date(clock.now() + 3 * 24 * HOUR_MS).toISOString());
    const byTeam = await list("?q=DEVELOP");
    expect(byTeam.json.data.map((token: { relationships: { team: { data: { id: string } } } }) => token.relationships.team.data.id)).toEqual([developers]);
    expect((await list("?filter[expiry_status]=expiring_in_7_days")).json.data).toHaveLength(2);
    expect((await list("?filter[status]=no_expiration")).json.data).toHaveLength(1);
    clock.advance(4 * 24 * HOUR_MS);
    expect((await list("?filter[expiry_status]=expired")).json.data).toHaveLength(2);
    expect((await list("?filter[expiry_status]=expired,no_expiration")).json.data).toHaveLength(3);
    expect((await list("?filter[expiry_status]=active")).json.data).toHaveLength(2);
    expect((await list("?filter[expiry_status]=someday")).status).toBe(400);
  });

  test("a team token lists only its own team's tokens; outsiders get 404", async () => {
    const { seeded } = emulator();
    const developers = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    await call("POST", tfc(`/teams/${developers}/authentication-tokens`), { token: seeded.ownerUserToken, body: attributes({ description: "dev" }) });
    const own = await list("", seeded.nonOwnerTeamToken);
    expect(own.json.data.map((token: { id: string }) => token.id)).toEqual([seeded.nonOwnerTeamTokenId]);
    const elsewhere = await call("GET", tfc("/organizations/no-such-org/team-tokens"), { token: seeded.ownerUserToken });
    expect(elsewhere.status).toBe(404);
  });
});
