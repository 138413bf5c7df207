import { attributes, call, useEmulator } from "./support";

const emulator = useEmulator();
const tfc = (path: string) => `${emulator().url}/api/v2${path}`;
const poolsPath = () => tfc(`/organizations/${emulator().seeded.organization}/agent-pools`);
const SECRET_FORMAT = /^[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}$/;
const NOT_FOUND = { errors: [{ status: "404", title: "not found" }] };

async function createPool(name: string, token = emulator().seeded.ownerUserToken): Promise<string> {
  const created = await call("POST", poolsPath(), { token, body: attributes({ name }, "agent-pools") });
  expect(created.status).toBe(201);
  return created.json.data.id;
}

async function createAgentToken(poolId: string, description: string): Promise<{ id: string; secret: string }> {
  const created = await call("POST", tfc(`/agent-pools/${poolId}/authentication-tokens`), {
    token: emulator().seeded.ownerUserToken,
    body: attributes({ description }),
  });
  expect(created.status).toBe(201);
  return { id: created.json.data.id, secret: created.json.data.attributes.token };
}

/** Grants or withdraws the `platform` team's `manage-agent-pools` organization access. */
async function setPlatformAgentPoolAccess(granted: boolean): Promise<void> {
  const { seeded } = emulator();
  const updated = await call("PATCH", tfc(`/teams/${seeded.nonOwnerTeamId}`), {
    token: seeded.ownerUserToken,
    body: attributes({ "organization-access": { "manage-agent-pools": granted } }, "teams"),
  });
  expect(updated.status).toBe(200);
}

describe("agent pools", () => {
  test("create, read, update, list and delete with the API's shapes", async () => {
    const { seeded } = emulator();
    const created = await call("POST", poolsPath(), { token: seeded.ownerUserToken, body: attributes({ name: "build" }, "agent-pools") });
    expect(created.status).toBe(201);
    const id = created.json.data.id;
    expect(created.json.data).toEqual({
      id: expect.stringMatching(/^apool-[A-Za-z0-9]{16}$/),
      type: "agent-pools",
      attributes: { name: "build", "created-at": expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), "organization-scoped": true, "agent-count": 0 },
      relationships: {
        agents: { links: { related: `/api/v2/agent-pools/${id}/agents` } },
        "authentication-tokens": { links: { related: `/api/v2/agent-pools/${id}/authentication-tokens` } },
        organization: { data: { id: seeded.organization, type: "organizations" } },
        workspaces: { data: [] },
        "allowed-workspaces": { data: [] },
        "allowed-projects": { data: [] },
        "excluded-workspaces": { data: [] },
      },
      links: { self: `/api/v2/agent-pools/${id}` },
    });
    const read = await call("GET", tfc(`/agent-pools/${id}`), { token: seeded.ownerUserToken });
    expect(read.json.data).toEqual(created.json.data);

    const updated = await call("PATCH", tfc(`/agent-pools/${id}`), {
      token: seeded.ownerUserToken,
      body: attributes({ name: "deploy", "organization-scoped": false }, "agent-pools"),
    });
    expect(updated.status).toBe(200);
    expect(updated.json.data.attributes).toMatchObject({ name: "deploy", "organization-scoped": false });

    const listed = await call("GET", poolsPath(), { token: seeded.ownerUserToken });
    expect(listed.json.data.map((pool: { id: string }) => pool.id)).toEqual([id]);
    expect(listed.json.meta.pagination).toMatchObject({ "current-page": 1, "total-count": 1 });

    const deleted = await call("DELETE", tfc(`/agent-pools/${id}`), { token: seeded.ownerUserToken });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call("GET", tfc(`/agent-pools/${id}`), { token: seeded.ownerUserToken })).json).toEqual(NOT_FOUND);
    expect((await call("DELETE", tfc(`/agent-pools/${id}`), { token: seeded.ownerUserToken })).status).toBe(404);
    expect(emulator().history().filter((event) => event.resource === "agent-pool").map((event) => event.action)).toEqual(["create", "update", "delete"]);
  });

  test("the list searches names with q and sorts by created-at or name, either way", async () => {
    const { seeded } = emulator();
    const beta = await createPool("beta");
    const alpha = await createPool("alpha");
    const ids = async (query: string) =>
      (await call("GET", `${poolsPath()}?${query}`, { token: seeded.ownerUserToken })).json.data.map((pool: { id: string }) => pool.id);
    expect(await ids("sort=created-at")).toEqual([beta, alpha]);
    expect(await ids("sort=-created-at")).toEqual([alpha, beta]);
    expect(await ids("sort=name")).toEqual([alpha, beta]);
    expect(await ids("q=ALP")).toEqual([alpha]);
    expect(await ids("page%5Bnumber%5D=2&page%5Bsize%5D=1")).toEqual([alpha]);
    expect((await call("GET", `${poolsPath()}?sort=agent-count`, { token: seeded.ownerUserToken })).status).toBe(400);
  });

  test("a blank name, a wrongly typed attribute and a workspace or project relationship are refused with 422", async () => {
    const { seeded } = emulator();
    const post = (body: unknown) => call("POST", poolsPath(), { token: seeded.ownerUserToken, body });
    expect((await post(attributes({}, "agent-pools"))).json.errors[0].source).toEqual({ pointer: "/data/attributes/name" });
    expect((await post(attributes({ name: "" }, "agent-pools"))).status).toBe(422);
    expect((await post(attributes({ name: "x", "organization-scoped": "no" }, "agent-pools"))).status).toBe(422);
    const scoped = await post({
      data: { type: "agent-pools", attributes: { name: "x" }, relationships: { "allowed-workspaces": { data: [{ id: "ws-nonexistent", type: "workspaces" }] } } },
    });
    expect(scoped.status).toBe(422);
    expect(scoped.json.errors[0].source).toEqual({ pointer: "/data/relationships/allowed-workspaces" });
    expect((await call("GET", poolsPath(), { token: seeded.ownerUserToken })).json.data).toEqual([]);
  });

  test("a team without manage-agent-pools access gets 404 everywhere; with it, it manages pools; so does the organization token", async () => {
    const { seeded } = emulator();
    const poolId = await createPool("build");
    const asPlatform = { token: seeded.nonOwnerTeamToken };
    expect((await call("GET", poolsPath(), asPlatform)).json).toEqual(NOT_FOUND);
    expect((await call("POST", poolsPath(), { ...asPlatform, body: attributes({ name: "mine" }, "agent-pools") })).status).toBe(404);
    expect((await call("GET", tfc(`/agent-pools/${poolId}`), asPlatform)).status).toBe(404);
    expect((await call("DELETE", tfc(`/agent-pools/${poolId}`), asPlatform)).status).toBe(404);

    await setPlatformAgentPoolAccess(true);
    expect((await call("GET", tfc(`/agent-pools/${poolId}`), asPlatform)).status).toBe(200);
    await createPool("mine", seeded.nonOwnerTeamToken);

    const organizationToken = await call("POST", tfc(`/organizations/${seeded.organization}/authentication-token`), { token: seeded.ownerUserToken });
    const asOrganization = { token: organizationToken.json.data.attributes.token };
    expect((await call("GET", poolsPath(), asOrganization)).json.data).toHaveLength(2);
    expect((await call("DELETE", tfc(`/agent-pools/${poolId}`), asOrganization)).status).toBe(204);
  });
});

describe("agent tokens", () => {
  test("create shows the secret once; list and read by id show metadata without expired-at", async () => {
    const { seeded } = emulator();
    const poolId = await createPool("build");
    const created = await call("POST", tfc(`/agent-pools/${poolId}/authentication-tokens`), { token: seeded.ownerUserToken, body: attributes({ description: "agent-1" }) });
    expect(created.status).toBe(201);
    // The secret is checked apart so that a failure never prints it.
    expect(SECRET_FORMAT.test(created.json.data.attributes.token)).toBe(true);
    const withoutSecret = { ...created.json.data, attributes: { ...created.json.data.attributes, token: null } };
    expect(withoutSecret).toEqual({
      id: expect.stringMatching(/^at-[A-Za-z0-9]{16}$/),
      type: "authentication-tokens",
      attributes: { "created-at": expect.any(String), "last-used-at": null, description: "agent-1", token: null },
      relationships: { "created-by": { data: { id: seeded.ownerUserId, type: "users" } } },
    });
    const read = await call("GET", tfc(`/authentication-tokens/${created.json.data.id}`), { token: seeded.ownerUserToken });
    expect(read.json.data).toEqual(withoutSecret);
    await createAgentToken(poolId, "agent-2");
    const listed = await call("GET", tfc(`/agent-pools/${poolId}/authentication-tokens`), { token: seeded.ownerUserToken });
    expect(listed.json.data[0]).toEqual(withoutSecret);
    expect(listed.json.meta.pagination).toMatchObject({ "current-page": 1, "total-count": 2 });
  });

  test("a description is required", async () => {
    const { seeded } = emulator();
    const poolId = await createPool("build");
    for (const description of [undefined, "", 7]) {
      const refused = await call("POST", tfc(`/agent-pools/${poolId}/authentication-tokens`), { token: seeded.ownerUserToken, body: attributes({ description }) });
      expect(refused.status).toBe(422);
      expect(refused.json.errors[0].source).toEqual({ pointer: "/data/attributes/description" });
    }
  });

  test("an unknown pool, or one the caller may not manage, is 404", async () => {
    const { seeded } = emulator();
    const poolId = await createPool("build");
    const token = await createAgentToken(poolId, "agent-1");
    expect((await call("GET", tfc("/agent-pools/apool-nonexistent/authentication-tokens"), { token: seeded.ownerUserToken })).status).toBe(404);
    expect((await call("POST", tfc("/agent-pools/apool-nonexistent/authentication-tokens"), { token: seeded.ownerUserToken, body: attributes({ description: "x" }) })).status).toBe(404);
    const asPlatform = { token: seeded.nonOwnerTeamToken };
    expect((await call("GET", tfc(`/agent-pools/${poolId}/authentication-tokens`), asPlatform)).status).toBe(404);
    expect((await call("GET", tfc(`/authentication-tokens/${token.id}`), asPlatform)).status).toBe(404);
    expect((await call("DELETE", tfc(`/authentication-tokens/${token.id}`), asPlatform)).status).toBe(404);
    await setPlatformAgentPoolAccess(true);
    expect((await call("DELETE", tfc(`/authentication-tokens/${token.id}`), asPlatform)).status).toBe(204);
  });

  test("an agent token is in the inventory until deleted; its secret then gets 401 where it got 404 before", async () => {
    const { seeded } = emulator();
    const poolId = await createPool("build");
    const token = await createAgentToken(poolId, "agent-1");
    expect(emulator().inventory().agentTokens).toEqual([
      { id: token.id, agentPoolId: poolId, organization: seeded.organization, description: "agent-1", createdAt: expect.any(String) },
    ]);
    // A live agent token authenticates but may do nothing on this API.
    expect((await call("GET", poolsPath(), { token: token.secret })).status).toBe(404);
    expect((await call("DELETE", tfc(`/authentication-tokens/${token.id}`), { token: seeded.ownerUserToken })).status).toBe(204);
    expect((await call("GET", tfc(`/authentication-tokens/${token.id}`), { token: seeded.ownerUserToken })).status).toBe(404);
    expect((await call("GET", poolsPath(), { token: token.secret })).status).toBe(401);
    expect(emulator().inventory().agentTokens).toEqual([]);
  });

  test("deleting the pool, or its organization, revokes its tokens", async () => {
    const { seeded } = emulator();
    const poolId = await createPool("build");
    const token = await createAgentToken(poolId, "agent-1");
    await call("DELETE", tfc(`/agent-pools/${poolId}`), { token: seeded.ownerUserToken });
    expect((await call("GET", poolsPath(), { token: token.secret })).status).toBe(401);
    expect(emulator().history().find((event) => event.action === "revoke" && event.id === token.id)?.details).toMatchObject({ reason: "agent-pool-deleted", agentPoolId: poolId });

    const organization = "agents-org";
    expect((await call("POST", tfc("/organizations"), { token: seeded.ownerUserToken, body: attributes({ name: organization, email: "a@example.invalid" }, "organizations") })).status).toBe(201);
    const otherPool = await call("POST", tfc(`/organizations/${organization}/agent-pools`), { token: seeded.ownerUserToken, body: attributes({ name: "p" }, "agent-pools") });
    const otherToken = await createAgentToken(otherPool.json.data.id, "agent-2");
    expect((await call("DELETE", tfc(`/organizations/${organization}`), { token: seeded.ownerUserToken })).status).toBe(204);
    expect((await call("GET", tfc(`/agent-pools/${otherPool.json.data.id}`), { token: seeded.ownerUserToken })).status).toBe(404);
    expect(emulator().history().find((event) => event.action === "revoke" && event.id === otherToken.id)?.details.reason).toBe("agent-pool-deleted");
    expect(emulator().inventory().agentTokens).toEqual([]);
  });
});
