import { attributes, call, useEmulator } from "./support";

const emulator = useEmulator();
const tfc = (path: string) => `${emulator().url}/api/v2${path}`;

describe("teams, as HashiCorp's tfe_team uses them", () => {
  test("create, read, update and delete a team; deleting it revokes its tokens", async () => {
    const { seeded } = emulator();
    const owner = seeded.ownerUserToken;
    const created = await call("POST", tfc(`/organizations/${seeded.organization}/teams`), {
      token: owner,
      body: attributes({ name: "release", visibility: "organization", "organization-access": { "manage-workspaces": true } }, "teams"),
    });
    expect(created.status).toBe(201);
    const team = created.json.data;
    expect(team.id).toMatch(/^team-[A-Za-z0-9]{16}$/);
    expect(team).toMatchObject({
      type: "teams",
      attributes: {
        name: "release",
        visibility: "organization",
        "sso-team-id": null,
        "users-count": 0,
        "allow-member-token-management": true,
        permissions: { "can-destroy": true, "can-update-membership": true },
        "organization-access": { "manage-workspaces": true, "manage-teams": false, "read-projects": false },
      },
      relationships: { organization: { data: { id: seeded.organization, type: "organizations" } }, users: { data: [] } },
    });

    const updated = await call("PATCH", tfc(`/teams/${team.id}`), {
      token: owner,
      body: attributes({ name: "releases", visibility: "secret", "allow-member-token-management": false, "sso-team-id": "sso-1" }, "teams"),
    });
    expect(updated.status).toBe(200);
    expect(updated.json.data.attributes).toMatchObject({ name: "releases", visibility: "secret", "allow-member-token-management": false, "sso-team-id": "sso-1" });
    expect(updated.json.data.attributes["organization-access"]["manage-workspaces"]).toBe(true);
    expect((await call("GET", tfc(`/teams/${team.id}`), { token: owner })).json.data.attributes.name).toBe("releases");

    const token = await call("POST", tfc(`/teams/${team.id}/authentication-token`), { token: owner });
    expect((await call("DELETE", tfc(`/teams/${team.id}`), { token: owner })).status).toBe(204);
    expect((await call("GET", tfc(`/teams/${team.id}`), { token: owner })).status).toBe(404);
    expect((await call("GET", tfc("/account/details"), { token: token.json.data.attributes.token })).status).toBe(401);
    expect(emulator().history().filter((event) => event.resource === "team" && event.id === team.id).map((event) => event.action)).toEqual([
      "create",
      "update",
      "delete",
    ]);
  });

  test("names are required and unique; visibility must be secret or organization", async () => {
    const { seeded } = emulator();
    const post = (values: Record<string, unknown>) =>
      call("POST", tfc(`/organizations/${seeded.organization}/teams`), { token: seeded.ownerUserToken, body: attributes(values, "teams") });
    expect((await post({ name: "Platform" })).json.errors[0]).toMatchObject({ status: "422", detail: "Name has already been taken" });
    expect((await post({ visibility: "secret" })).json.errors[0]).toMatchObject({ status: "422", detail: "Name can't be blank" });
    expect((await post({ name: "x", visibility: "public" })).json.errors[0].source).toEqual({ pointer: "/data/attributes/visibility" });
    expect((await post({ name: "x", "organization-access": { "manage-teams": "yes" } })).status).toBe(422);
  });

  test("the owners team cannot be deleted; non-owners cannot manage teams and do not see secret teams", async () => {
    const { seeded } = emulator();
    expect((await call("DELETE", tfc(`/teams/${seeded.ownersTeamId}`), { token: seeded.ownerUserToken })).status).toBe(422);
    const developers = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    expect((await call("GET", tfc(`/teams/${developers}`), { token: seeded.nonOwnerTeamToken })).status).toBe(404);
    expect((await call("PATCH", tfc(`/teams/${seeded.nonOwnerTeamId}`), { token: seeded.nonOwnerTeamToken, body: attributes({ name: "x" }) })).status).toBe(404);
    const createByNonOwner = await call("POST", tfc(`/organizations/${seeded.organization}/teams`), {
      token: seeded.nonOwnerTeamToken,
      body: attributes({ name: "sneaky" }, "teams"),
    });
    expect(createByNonOwner.status).toBe(404);
    const visible = await call("GET", tfc(`/organizations/${seeded.organization}/teams`), { token: seeded.nonOwnerTeamToken });
    expect(visible.json.data.map((team: { attributes: { name: string } }) => team.attributes.name)).toEqual(["owners", "platform"]);
    const all = await call("GET", tfc(`/organizations/${seeded.organization}/teams?filter[names]=developers,owners`), { token: seeded.ownerUserToken });
    expect(all.json.data.map((team: { attributes: { name: string } }) => team.attributes.name)).toEqual(["developers", "owners"]);
    expect(all.json.meta.pagination["total-count"]).toBe(2);
  });
});

describe("organizations, account details, ping and discovery", () => {
  test("GET /organizations lists the caller's organizations; GET /organizations/:name shows one or 404s", async () => {
    const { seeded } = emulator();
    const list = await call("GET", tfc("/organizations"), { token: seeded.nonOwnerTeamToken });
    expect(list.status).toBe(200);
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0]).toMatchObject({ id: seeded.organization, type: "organizations", attributes: { name: seeded.organization } });
    expect(list.json.data[0].attributes["external-id"]).toMatch(/^org-/);
    const shown = await call("GET", tfc(`/organizations/${seeded.organization}`), { token: seeded.ownerUserToken });
    expect(shown.json.data.attributes.permissions["can-update-api-token"]).toBe(true);
    expect((await call("GET", tfc("/organizations/elsewhere"), { token: seeded.ownerUserToken })).status).toBe(404);
  });

  test("a user token creates an organization and owns it; deleting it revokes its tokens and removes its teams", async () => {
    const { seeded } = emulator();
    const owner = seeded.ownerUserToken;
    const created = await call("POST", tfc("/organizations"), {
      token: owner,
      body: attributes({ name: "tst-created", email: "ops@example.invalid", "cost-estimation-enabled": true }, "organizations"),
    });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({
      id: "tst-created",
      type: "organizations",
      attributes: { name: "tst-created", email: "ops@example.invalid", permissions: { "can-destroy": true, "can-update-api-token": true } },
    });
    expect((await call("GET", tfc("/organizations"), { token: owner })).json.data.map((org: { id: string }) => org.id).sort()).toEqual(
      [seeded.organization, "tst-created"].sort(),
    );
    const team = await call("POST", tfc("/organizations/tst-created/teams"), { token: owner, body: attributes({ name: "ci" }, "teams") });
    const teamToken = await call("POST", tfc(`/teams/${team.json.data.id}/authentication-tokens`), { token: owner, body: attributes({ description: "d" }) });
    const orgToken = await call("POST", tfc("/organizations/tst-created/authentication-token"), { token: owner });
    expect([team.status, teamToken.status, orgToken.status]).toEqual([201, 201, 201]);
    expect((await call("GET", tfc("/organizations/tst-created/stacks"), { token: owner })).json).toMatchObject({
      data: [],
      meta: { pagination: { "total-count": 0 } },
    });

    expect((await call("DELETE", tfc("/organizations/tst-created"), { token: seeded.nonOwnerTeamToken })).status).toBe(404);
    expect((await call("DELETE", tfc("/organizations/tst-created"), { token: owner })).status).toBe(204);
    expect((await call("GET", tfc("/organizations/tst-created"), { token: owner })).status).toBe(404);
    expect((await call("GET", tfc(`/teams/${team.json.data.id}`), { token: owner })).status).toBe(404);
    for (const secret of [teamToken.json.data.attributes.token, orgToken.json.data.attributes.token]) {
      expect((await call("GET", tfc("/account/details"), { token: secret })).status).toBe(401);
    }
  });

  test("organization names are required, unique and of letters, digits, - and _; only user tokens create", async () => {
    const { seeded } = emulator();
    const post = (values: Record<string, unknown>, token = seeded.ownerUserToken) => call("POST", tfc("/organizations"), { token, body: attributes(values, "organizations") });
    expect((await post({ email: "a@b.invalid" })).json.errors[0]).toMatchObject({ status: "422", source: { pointer: "/data/attributes/name" } });
    expect((await post({ name: "has space", email: "a@b.invalid" })).json.errors[0].detail).toMatch(/^Name is invalid/);
    expect((await post({ name: seeded.organization, email: "a@b.invalid" })).json.errors[0].detail).toBe("Name has already been taken");
    expect((await post({ name: "tst-x" })).json.errors[0]).toMatchObject({ detail: "Email can't be blank", source: { pointer: "/data/attributes/email" } });
    expect((await post({ name: "tst-x", email: "a@b.invalid" }, seeded.nonOwnerTeamToken)).status).toBe(404);
  });

  test("the audit-trail token needs a plan with audit logging; the admin API moves an organization to one", async () => {
    const { seeded } = emulator();
    const owner = seeded.ownerUserToken;
    await call("POST", tfc("/organizations"), { token: owner, body: attributes({ name: "tst-plan", email: "a@b.invalid" }, "organizations") });
    const auditTrail = () => call("POST", tfc("/organizations/tst-plan/authentication-token?token=audit-trails"), { token: owner });
    expect((await auditTrail()).status).toBe(404);
    // The seeded organization is on Business.
    expect((await call("POST", tfc(`/organizations/${seeded.organization}/authentication-token?token=audit-trails`), { token: owner })).status).toBe(201);

    expect((await call("GET", tfc("/admin/feature-sets?q=Business"), { token: owner })).status).toBe(404);
    const featureSets = await call("GET", tfc("/admin/feature-sets?q=Business"), { token: seeded.adminToken });
    expect(featureSets.status).toBe(200);
    expect(featureSets.json.data).toEqual([expect.objectContaining({ type: "feature-sets", attributes: expect.objectContaining({ name: "Business" }) })]);
    const subscribe = (token: string, featureSetId: string) =>
      call("POST", tfc("/admin/organizations/tst-plan/subscription"), {
        token,
        body: { data: { type: "subscription", attributes: { "runs-ceiling": 10 }, relationships: { "feature-set": { data: { id: featureSetId, type: "feature-sets" } } } } },
      });
    expect((await subscribe(owner, featureSets.json.data[0].id)).status).toBe(404);
    expect((await subscribe(seeded.adminToken, "fs-nonexistent")).status).toBe(422);
    const subscribed = await subscribe(seeded.adminToken, featureSets.json.data[0].id);
    expect(subscribed.status).toBe(201);
    expect(subscribed.json.data.relationships["feature-set"].data.id).toBe(featureSets.json.data[0].id);
    expect((await auditTrail()).status).toBe(201);
  });

  test("account details of a user carry avatar-url and two-factor, as go-tfe decodes them", async () => {
    const { seeded } = emulator();
    const account = await call("GET", tfc("/account/details"), { token: seeded.ownerUserToken });
    expect(account.json.data.attributes).toMatchObject({
      "avatar-url": expect.stringMatching(/^https:\/\/www\.gravatar\.com\/avatar\/[0-9a-f]{32}\?/),
      "two-factor": { enabled: false, verified: false },
      "is-site-admin": false,
    });
    expect((await call("GET", tfc("/account/details"), { token: seeded.adminToken })).json.data.attributes["is-site-admin"]).toBe(true);
  });

  test("account details of a team token is a synthetic service user pointing at the team", async () => {
    const { seeded } = emulator();
    const account = await call("GET", tfc("/account/details"), { token: seeded.nonOwnerTeamToken });
    expect(account.status).toBe(200);
    expect(account.json.data).toMatchObject({
      type: "users",
      id: expect.stringMatching(/^user-/),
      attributes: { "is-service-account": true },
      relationships: { "authenticated-resource": { data: { id: seeded.nonOwnerTeamId, type: "teams" } } },
    });
  });

  test("missing, unknown and malformed credentials are 401; unknown routes are 404; bad JSON is 400", async () => {
    const { seeded } = emulator();
    for (const token of [undefined, "nope", "AAAAAAAAAAAAAA.atlasv1.BBBB"]) {
      const response = await call("GET", tfc("/account/details"), { token });
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ errors: [{ status: "401", title: "unauthorized" }] });
    }
    expect((await call("GET", tfc("/no/such/route"), { token: seeded.ownerUserToken })).status).toBe(404);
    const badJson = await call("POST", tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-tokens`), {
      token: seeded.ownerUserToken,
      rawBody: "{not json",
      headers: { "content-type": "application/vnd.api+json" },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.json.errors[0].title).toBe("JSON body is invalid");
  });

  test("GET /api/v2/ping answers 204 with the headers go-tfe reads, whatever the token", async () => {
    const ping = await call("GET", tfc("/ping"), { token: "not-a-token" });
    expect(ping.status).toBe(204);
    expect(ping.headers).toMatchObject({ "tfp-api-version": "2.6", "tfp-appname": "HCP Terraform", "x-ratelimit-limit": "30" });
  });

  test("service discovery advertises tfe.v2.2 as JSON", async () => {
    const discovery = await call("GET", `${emulator().url}/.well-known/terraform.json`);
    expect(discovery.status).toBe(200);
    expect(discovery.headers["content-type"]).toBe("application/json");
    expect(discovery.json["tfe.v2.2"]).toBe("/api/v2/");
  });

  test("last-used-at records authenticated use on the emulator clock", async () => {
    const { seeded } = emulator();
    await call("GET", tfc("/account/details"), { token: seeded.nonOwnerTeamToken });
    const shown = await call("GET", tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-token`), { token: seeded.ownerUserToken });
    expect(Date.parse(shown.json.data.attributes["last-used-at"])).toBeLessThanOrEqual(emulator().clock.now());
  });
});
