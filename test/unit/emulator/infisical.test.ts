import { attributes, call, useEmulator, type CallResult } from "./support";

const emulator = useEmulator();
const v1 = (path: string) => `${emulator().url}/api/v1${path}`;

async function login(): Promise<string> {
  const { infisical } = emulator().seeded;
  const response = await call("POST", v1("/auth/universal-auth/login"), { body: { clientId: infisical.clientId, clientSecret: infisical.clientSecret } });
  expect(response.status).toBe(200);
  return response.json.accessToken;
}

async function createTfcConnection(accessToken: string, overrides: Record<string, unknown> = {}): Promise<CallResult> {
  return call("POST", v1("/app-connections/terraform-cloud"), {
    token: accessToken,
    body: { name: "tfc-prod", method: "api-token", credentials: { apiToken: emulator().seeded.nonOwnerTeamToken }, ...overrides },
  });
}

describe("Universal Auth", () => {
  test("login returns a bearer access token; wrong credentials are 401; a missing field is a 422", async () => {
    const { infisical } = emulator().seeded;
    const ok = await call("POST", v1("/auth/universal-auth/login"), { body: { clientId: infisical.clientId, clientSecret: infisical.clientSecret } });
    expect(ok.json).toEqual({ accessToken: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/), expiresIn: 7200, accessTokenMaxTTL: 86400, tokenType: "Bearer" });
    const wrong = await call("POST", v1("/auth/universal-auth/login"), { body: { clientId: infisical.clientId, clientSecret: "0".repeat(64) } });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ statusCode: 401, error: "UnauthorizedError", message: "Invalid credentials", reqId: expect.stringMatching(/^req-/) });
    const missing = await call("POST", v1("/auth/universal-auth/login"), { body: { clientId: infisical.clientId } });
    expect(missing.status).toBe(422);
    expect(missing.json.message).toEqual([{ code: "invalid_type", expected: "string", received: "undefined", path: ["clientSecret"], message: "Required" }]);
  });

  test("missing token 401, service token 403 named after the URL, expired token 403 TokenError, renewed token works, revoked token 401", async () => {
    const list = (token?: string) => call("GET", v1("/app-connections/terraform-cloud"), { token });
    const missing = await list();
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ statusCode: 401, error: "UnauthorizedError", message: "Token missing" });
    const serviceToken = await list("st.abc.def.ghi");
    expect(serviceToken.status).toBe(403);
    expect(serviceToken.json).toEqual({
      reqId: expect.stringMatching(/^req-/),
      statusCode: 403,
      error: "Forbidden access to /api/v1/app-connections/terraform-cloud",
      message: "You are not allowed to access this resource",
    });
    const malformed = await list("garbage");
    expect(malformed.status).toBe(403);
    expect(malformed.json.error).toBe("TokenError");

    const accessToken = await login();
    expect((await list(accessToken)).status).toBe(200);
    emulator().clock.advance(3600 * 1000);
    const renewed = await call("POST", v1("/auth/token/renew"), { body: { accessToken } });
    expect(renewed.status).toBe(200);
    expect(renewed.json.expiresIn).toBe(7200);
    emulator().clock.advance(3601 * 1000);
    const expired = await list(accessToken);
    expect(expired.status).toBe(403);
    expect(expired.json).toMatchObject({ statusCode: 403, error: "TokenError", message: "Your token has expired. Please re-authenticate." });
    expect((await list(renewed.json.accessToken)).status).toBe(200);

    const revoked = await call("POST", v1("/auth/token/revoke"), { body: { accessToken: renewed.json.accessToken } });
    expect(revoked.json).toEqual({ message: "Successfully revoked access token" });
    const afterRevocation = await list(renewed.json.accessToken);
    expect(afterRevocation.status).toBe(401);
    expect(afterRevocation.json).toMatchObject({ statusCode: 401, error: "UnauthorizedError", message: "No identity access token found" });
    expect((await call("POST", v1("/auth/token/revoke"), { body: { accessToken: renewed.json.accessToken } })).status).toBe(401);
  });

  test("a reached use limit is a 401 and deletes the token; the limit applies to tokens issued after it is set", async () => {
    const unlimited = await login();
    emulator().infisical.setAccessTokenUsesLimit(2);
    const limited = await login();
    const list = (token: string) => call("GET", v1("/app-connections/terraform-cloud"), { token });
    expect((await list(limited)).status).toBe(200);
    expect((await list(limited)).status).toBe(200);
    const exhausted = await list(limited);
    expect(exhausted.status).toBe(401);
    expect(exhausted.json).toMatchObject({ error: "UnauthorizedError", message: "Unable to renew because access token number of uses limit reached" });
    expect((await list(limited)).json.message).toBe("No identity access token found");
    expect((await call("POST", v1("/auth/token/renew"), { body: { accessToken: limited } })).status).toBe(401);
    for (let use = 0; use < 3; use++) expect((await list(unlimited)).status).toBe(200);
  });

  test("revoking every access token (admin control) makes each one a 401; a new login works", async () => {
    const before = await login();
    const response = await call("POST", `${emulator().url}/__admin/infisical/revoke-access-tokens`);
    expect(response.status).toBe(204);
    const refused = await call("GET", v1("/app-connections/heroku"), { token: before });
    expect(refused.status).toBe(401);
    expect(refused.json.message).toBe("No identity access token found");
    expect((await call("GET", v1("/app-connections/heroku"), { token: await login() })).status).toBe(200);
  });

  test("renewals extend a token by its TTL but never past its max TTL", async () => {
    let accessToken = await login();
    const renew = () => call("POST", v1("/auth/token/renew"), { body: { accessToken } });
    for (let elapsed = 7000; elapsed <= 77_000; elapsed += 7000) {
      emulator().clock.advance(7000 * 1000);
      const renewed = await renew();
      expect(renewed.status).toBe(200);
      accessToken = renewed.json.accessToken;
    }
    emulator().clock.advance(7000 * 1000);
    const refused = await renew();
    expect(refused.status).toBe(401);
    expect(refused.json.message).toBe("Failed to renew MI access token past its Max TTL expiration");
  });
});

describe("app connections", () => {
  test("create (200) validates the TFC token against the emulated TFC and never returns the credential", async () => {
    const accessToken = await login();
    const created = await createTfcConnection(accessToken, { description: "team token for prod" });
    expect(created.status).toBe(200);
    expect(created.json.appConnection).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "tfc-prod",
      description: "team token for prod",
      app: "terraform-cloud",
      method: "api-token",
      credentials: {},
      projectId: null,
      version: 1,
      orgId: emulator().seeded.infisical.organizationId,
      credentialsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(created.json.appConnection).not.toHaveProperty("project");
    expect(created.text).not.toContain(emulator().seeded.nonOwnerTeamToken);
    const validation = emulator()
      .requestLog()
      .find((entry) => entry.path === "/api/v2/organizations");
    expect(validation).toMatchObject({ api: "tfc", status: 200, identity: { kind: "tfc-team-token", id: emulator().seeded.nonOwnerTeamTokenId } });
    expect(emulator().inventory().appConnections).toEqual([
      {
        id: created.json.appConnection.id,
        app: "terraform-cloud",
        name: "tfc-prod",
        projectId: null,
        credentialsRef: { service: "tfc", tokenId: emulator().seeded.nonOwnerTeamTokenId, valid: true },
      },
    ]);
  });

  test("a revoked TFC token is refused with Infisical's 400", async () => {
    const { seeded, url } = emulator();
    await call("DELETE", `${url}/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-token`, { token: seeded.ownerUserToken });
    const refused = await createTfcConnection(await login());
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ statusCode: 400, error: "BadRequest", message: "Failed to validate credentials: Request failed with status code 401" });
    expect(emulator().inventory().appConnections).toEqual([]);
  });

  test("validation failures are 422 with zod issue arrays", async () => {
    const accessToken = await login();
    const response = await call("POST", v1("/app-connections/terraform-cloud"), {
      token: accessToken,
      body: { name: "Not A Slug", method: "api-token", credentials: { apiToken: "  " }, description: "d".repeat(257), isPlatformManagedCredentials: true },
    });
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({ statusCode: 422, error: "ValidationFailure", reqId: expect.stringMatching(/^req-/) });
    expect(response.json.message).toEqual([
      { code: "too_small", minimum: 1, type: "string", inclusive: true, exact: false, message: "API Token required", path: ["credentials", "apiToken"] },
      { code: "custom", message: "name field can only contain lowercase letters, numbers, and hyphens", path: ["name"] },
      { code: "too_big", maximum: 256, type: "string", inclusive: true, exact: false, message: "Description cannot exceed 256 characters", path: ["description"] },
      { code: "invalid_literal", expected: false, received: true, path: ["isPlatformManagedCredentials"], message: "Not supported for Terraform Cloud Connections" },
    ]);
    const wrongMethod = await call("POST", v1("/app-connections/terraform-cloud"), { token: accessToken, body: { name: "a".repeat(65), method: "oauth" } });
    expect(wrongMethod.json.message).toEqual([
      { code: "invalid_union_discriminator", options: ["api-token"], path: ["method"], message: "Invalid discriminator value. Expected 'api-token'" },
      { code: "too_big", maximum: 64, type: "string", inclusive: true, exact: false, message: "name field must be at most 64 lowercase characters", path: ["name"] },
    ]);
    expect((await call("GET", v1("/app-connections/terraform-cloud/not-a-uuid"), { token: accessToken })).json.message).toEqual([
      { validation: "uuid", code: "invalid_string", message: "Invalid uuid", path: ["connectionId"] },
    ]);
  });

  test("names are unique per scope; an unknown project is a 400 on create; get-by-name without projectId matches organization scope only; lists without projectId hold every scope", async () => {
    const accessToken = await login();
    const { projectId } = emulator().seeded.infisical;
    expect((await createTfcConnection(accessToken)).status).toBe(200);
    const duplicate = await createTfcConnection(accessToken);
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.message).toBe('An App Connection with the name "tfc-prod" already exists');
    const inProject = await createTfcConnection(accessToken, { projectId, name: "tfc-project" });
    expect(inProject.status).toBe(200);
    expect(inProject.json.appConnection).toMatchObject({ projectId });
    expect(inProject.json.appConnection).not.toHaveProperty("project");
    expect((await createTfcConnection(accessToken, { projectId })).status).toBe(200);
    const unknownProject = await createTfcConnection(accessToken, { projectId: "8a1c8e52-0000-4000-8000-000000000000", name: "x" });
    expect(unknownProject.status).toBe(400);

    const byName = (name: string, query = "") => call("GET", v1(`/app-connections/terraform-cloud/connection-name/${name}${query}`), { token: accessToken });
    expect((await byName("tfc-prod")).json.appConnection.projectId).toBeNull();
    expect((await byName("tfc-project")).status).toBe(404);
    expect((await byName("tfc-project")).json.message).toBe("Could not find App Connection with name tfc-project in organization scope.");
    expect((await byName("tfc-project", `?projectId=${projectId}`)).json.appConnection.name).toBe("tfc-project");
    expect((await byName("tfc-project", `?projectId=${projectId}`)).json.appConnection).not.toHaveProperty("project");
    const unknownProjectByName = await byName("tfc-project", "?projectId=8a1c8e52-0000-4000-8000-000000000000");
    expect(unknownProjectByName.status).toBe(404);
    expect(unknownProjectByName.json).toMatchObject({ error: "NotFound", message: "Could not find App Connection with name tfc-project in project scope." });

    const project = { id: projectId, name: "Token Hooks", type: "secret-manager", slug: "token-hooks" };
    const orgList = await call("GET", v1("/app-connections/terraform-cloud"), { token: accessToken });
    expect(orgList.json.appConnections.map((connection: { name: string; project: unknown }) => [connection.name, connection.project])).toEqual([
      ["tfc-prod", null],
      ["tfc-prod", project],
      ["tfc-project", project],
    ]);
    const projectList = await call("GET", v1(`/app-connections/terraform-cloud?projectId=${projectId}`), { token: accessToken });
    expect(projectList.json.appConnections.map((connection: { name: string; project: unknown }) => [connection.name, connection.project])).toEqual([
      ["tfc-prod", project],
      ["tfc-project", project],
    ]);
  });

  test("get by id, by name and delete: 404 when missing, 400 for another app's connection; PATCH changes the hash on every credential write, never the version; DELETE returns the object", async () => {
    const accessToken = await login();
    const { seeded, url } = emulator();
    const created = (await createTfcConnection(accessToken)).json.appConnection;
    const path = v1(`/app-connections/terraform-cloud/${created.id}`);
    expect((await call("GET", path, { token: accessToken })).json.appConnection.credentialsHash).toBe(created.credentialsHash);
    const missing = await call("GET", v1("/app-connections/terraform-cloud/8a1c8e52-0000-4000-8000-000000000000"), { token: accessToken });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe("Could not find App Connection with ID 8a1c8e52-0000-4000-8000-000000000000");
    const otherApp = await call("GET", v1(`/app-connections/heroku/${created.id}`), { token: accessToken });
    expect(otherApp.status).toBe(400);
    expect(otherApp.json.message).toBe(`App Connection with ID ${created.id} is not for App "heroku"`);
    const otherAppByName = await call("GET", v1("/app-connections/heroku/connection-name/tfc-prod"), { token: accessToken });
    expect(otherAppByName.status).toBe(400);
    expect(otherAppByName.json).toMatchObject({ error: "BadRequest", message: 'App Connection with name tfc-prod is not for App "heroku"' });
    const otherAppDelete = await call("DELETE", v1(`/app-connections/heroku/${created.id}`), { token: accessToken });
    expect(otherAppDelete.status).toBe(400);
    expect(emulator().inventory().appConnections).toHaveLength(1);

    const renamed = await call("PATCH", path, { token: accessToken, body: { name: "tfc-renamed", method: "ignored", projectId: "ignored" } });
    expect(renamed.json.appConnection).toMatchObject({ name: "tfc-renamed", projectId: null, credentialsHash: created.credentialsHash });

    const newToken = await call("POST", `${url}/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-tokens`, {
      token: seeded.ownerUserToken,
      body: attributes({ description: "next" }),
    });
    const rotated = await call("PATCH", path, { token: accessToken, body: { credentials: { apiToken: newToken.json.data.attributes.token } } });
    expect(rotated.status).toBe(200);
    expect(rotated.json.appConnection.credentialsHash).not.toBe(created.credentialsHash);
    const sameAgain = await call("PATCH", path, { token: accessToken, body: { credentials: { apiToken: newToken.json.data.attributes.token } } });
    expect(sameAgain.json.appConnection.credentialsHash).not.toBe(rotated.json.appConnection.credentialsHash);
    expect(sameAgain.json.appConnection.version).toBe(1);
    const rotation = await call("PATCH", path, { token: accessToken, body: { isAutoRotationEnabled: true, rotation: { rotateAtUtc: { hours: 1 } } } });
    expect(rotation.status).toBe(422);
    expect(rotation.json.message.map((issue: { path: string[] }) => issue.path)).toEqual([["isAutoRotationEnabled"], ["rotation"]]);
    expect(emulator().inventory().appConnections[0].credentialsRef).toEqual({ service: "tfc", tokenId: newToken.json.data.id, valid: true });

    const badCredential = await call("PATCH", path, { token: accessToken, body: { credentials: { apiToken: "revoked-or-bogus" } } });
    expect(badCredential.status).toBe(400);

    const deleted = await call("DELETE", path, { token: accessToken });
    expect(deleted.status).toBe(200);
    expect(deleted.json.appConnection.id).toBe(created.id);
    expect((await call("GET", path, { token: accessToken })).status).toBe(404);
    expect(emulator().history().filter((event) => event.resource === "app-connection").map((event) => event.action)).toEqual([
      "create",
      "update",
      "update",
      "update",
      "delete",
    ]);
  });

  test("inventory shows when a connection's credential stops being valid", async () => {
    const accessToken = await login();
    const { seeded, url } = emulator();
    await createTfcConnection(accessToken);
    await call("DELETE", `${url}/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-token`, { token: seeded.ownerUserToken });
    expect(emulator().inventory().appConnections[0].credentialsRef).toEqual({ service: "tfc", tokenId: seeded.nonOwnerTeamTokenId, valid: false });
  });

  test("heroku connections validate against the emulated Heroku API", async () => {
    const accessToken = await login();
    const { seeded, herokuUrl } = emulator();
    const created = await call("POST", v1("/app-connections/heroku"), {
      token: accessToken,
      body: { name: "heroku", method: "auth-token", credentials: { authToken: seeded.herokuAuthToken } },
    });
    expect(created.status).toBe(200);
    expect(created.json.appConnection).toMatchObject({ app: "heroku", method: "auth-token", credentials: {} });
    expect(emulator().inventory().appConnections[0].credentialsRef).toMatchObject({ service: "heroku", valid: true });
    const bad = await call("POST", v1("/app-connections/heroku"), {
      token: accessToken,
      body: { name: "heroku-2", method: "auth-token", credentials: { authToken: "HRKU-nope" } },
    });
    expect(bad.json.message).toBe("Failed to validate credentials: Request failed with status code 401");
    const patchWithoutToken = await call("PATCH", v1(`/app-connections/heroku/${created.json.appConnection.id}`), { token: accessToken, body: { credentials: {} } });
    expect(patchWithoutToken.json.message).toEqual([{ code: "invalid_union", path: ["credentials"], message: "Invalid input" }]);

    const noAccept = await call("GET", `${herokuUrl}/apps`, { token: seeded.herokuAuthToken });
    expect(noAccept.status).toBe(406);
    expect(noAccept.json.id).toBe("not_acceptable");
    const accept = { accept: "application/vnd.heroku+json; version=3" };
    expect((await call("GET", `${herokuUrl}/apps`, { token: "HRKU-nope", headers: accept })).json).toMatchObject({ id: "unauthorized" });
    const account = await call("GET", `${herokuUrl}/account`, { token: seeded.herokuAuthToken, headers: accept });
    expect(account.json).toMatchObject({ email: expect.any(String), verified: true });
  });

  test("a Heroku auth token must start with HRKU-: 422 on create and on PATCH, before any upstream call", async () => {
    const accessToken = await login();
    const prefixIssue = { validation: { startsWith: "HRKU-" }, code: "invalid_string", message: "Token must start with 'HRKU-", path: ["credentials", "authToken"] };
    const before = emulator().requestLog().length;
    const created = await call("POST", v1("/app-connections/heroku"), {
      token: accessToken,
      body: { name: "heroku", method: "auth-token", credentials: { authToken: "0123abcd-no-prefix" } },
    });
    expect(created.status).toBe(422);
    expect(created.json).toMatchObject({ statusCode: 422, error: "ValidationFailure", message: [prefixIssue] });
    expect(created.text).not.toContain("0123abcd-no-prefix");
    expect(emulator().requestLog().slice(before).map((entry) => entry.path)).toEqual(["/api/v1/app-connections/heroku"]);
    const empty = await call("POST", v1("/app-connections/heroku"), { token: accessToken, body: { name: "heroku", method: "auth-token", credentials: { authToken: " " } } });
    expect(empty.json.message.map((issue: { message: string }) => issue.message)).toEqual(["Auth Token required", "Token must start with 'HRKU-"]);
    const oauth = await call("POST", v1("/app-connections/heroku"), { token: accessToken, body: { name: "heroku", method: "oauth", credentials: { code: "c" } } });
    expect(oauth.status).toBe(422);

    const valid = await call("POST", v1("/app-connections/heroku"), {
      token: accessToken,
      body: { name: "heroku", method: "auth-token", credentials: { authToken: emulator().seeded.herokuAuthToken } },
    });
    const patched = await call("PATCH", v1(`/app-connections/heroku/${valid.json.appConnection.id}`), { token: accessToken, body: { credentials: { authToken: "no-prefix" } } });
    expect(patched.status).toBe(422);
    expect(patched.json.message).toEqual([prefixIssue]);
  });

  test("Infisical validates terraform-cloud tokens against one host: set to another, the emulator's tokens are refused without a call", async () => {
    const accessToken = await login();
    const { url } = emulator();
    const setHost = await call("POST", `${url}/__admin/infisical/terraform-cloud-host`, { body: { host: "app.terraform.io" } });
    expect(setHost.json).toEqual({ host: "app.terraform.io" });
    expect((await call("GET", `${url}/__admin/infisical/terraform-cloud-host`)).json).toEqual({ host: "app.terraform.io" });
    const refused = await createTfcConnection(accessToken);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: "BadRequest", message: "Failed to validate credentials: Request failed with status code 401" });
    expect(emulator().requestLog().filter((entry) => entry.path === "/api/v2/organizations")).toEqual([]);
    const heroku = await call("POST", v1("/app-connections/heroku"), {
      token: accessToken,
      body: { name: "heroku", method: "auth-token", credentials: { authToken: emulator().seeded.herokuAuthToken } },
    });
    expect(heroku.status).toBe(200);
    expect((await call("POST", `${url}/__admin/infisical/terraform-cloud-host`, { body: { host: "https://x/" } })).status).toBe(400);

    emulator().reset();
    expect(emulator().infisical.terraformCloudHost()).toBeNull();
    expect((await createTfcConnection(await login())).status).toBe(200);
  });

  test("a transient upstream failure is retried three times, as Infisical's axios client does; a refusal is not", async () => {
    const accessToken = await login();
    const validations = () => emulator().requestLog().filter((entry) => entry.path === "/api/v2/organizations");
    emulator().faults.add({ path: "/api/v2/organizations", fault: { kind: "status", status: 503 }, times: 3 });
    expect((await createTfcConnection(accessToken)).status).toBe(200);
    expect(validations().map((entry) => entry.status)).toEqual([503, 503, 503, 200]);

    emulator().faults.add({ path: "/api/v2/organizations", fault: { kind: "status", status: 502 }, times: 4 });
    const failed = await createTfcConnection(accessToken, { name: "tfc-other" });
    expect(failed.json.message).toBe("Failed to validate credentials: Request failed with status code 502");
    expect(validations()).toHaveLength(8);

    const { seeded, url } = emulator();
    await call("DELETE", `${url}/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-token`, { token: seeded.ownerUserToken });
    expect((await createTfcConnection(accessToken, { name: "tfc-revoked" })).status).toBe(400);
    expect(validations()).toHaveLength(9);
  });

  test("injected latency slows a create twice, as its upstream call is slowed too", async () => {
    const accessToken = await login();
    emulator().setLatency(150);
    const started = Date.now();
    expect((await createTfcConnection(accessToken)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  test("an injected 403 is a machine identity without the permission: CASL's PermissionDenied naming the action", async () => {
    const accessToken = await login();
    emulator().faults.add({ path: /^\/api\/v1\/app-connections\//, fault: { kind: "status", status: 403 }, times: 2 });
    const created = await createTfcConnection(accessToken);
    expect(created.status).toBe(403);
    expect(created.json).toEqual({
      reqId: expect.stringMatching(/^req-/),
      statusCode: 403,
      error: "PermissionDenied",
      message: "You are not allowed to create on app-connections",
      details: [],
    });
    const listed = await call("GET", v1("/app-connections/terraform-cloud"), { token: accessToken });
    expect(listed.json).toMatchObject({ error: "PermissionDenied", message: "You are not allowed to read on app-connections" });
  });

  test("unknown apps and routes are Fastify-style 404s; unparseable JSON is Fastify's 400", async () => {
    const accessToken = await login();
    const unknown = await call("GET", v1("/app-connections/github"), { token: accessToken });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: "Route GET:/api/v1/app-connections/github not found", error: "Not Found", statusCode: 404 });
    const badJson = await call("POST", v1("/app-connections/terraform-cloud"), { token: accessToken, rawBody: "{" });
    expect(badJson.status).toBe(400);
    expect(badJson.json.error).toBe("Bad Request");
  });
});
