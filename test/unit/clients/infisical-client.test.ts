import type { MockAgent } from "undici";
import { InfisicalClient, type InfisicalClientOptions } from "../../../src/clients/infisical";
import { AmbiguousCreateError, ApiError, InsecureUrlError } from "../../../src/http/errors";
import { Secret } from "../../../src/http/secret";
import {
  fakeSleep,
  JSON_HEADERS,
  mockAgent,
  recordedCalls,
  socketError,
  type RecordedCall,
} from "../http/support/mock-api";

const ORIGIN = "https://infisical.example.test";
const ACCESS_TOKEN = "static-access-token-jwt";
const CLIENT_ID = "client-id-1";
const CLIENT_SECRET = "client-secret-value-1";
const PROJECT = "7ffbb072-2575-495a-b5b0-127f88caef78";
const CONNECTION_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const BASE = "/api/v1/app-connections";

let agent: MockAgent;
let clock: number;
const infisical = () => agent.get(ORIGIN);

beforeEach(() => {
  agent = mockAgent();
  clock = Date.parse("2030-06-01T12:00:00.000Z");
});

afterEach(async () => {
  await agent.close();
});

function client(overrides: Partial<InfisicalClientOptions> = {}): InfisicalClient {
  return new InfisicalClient({
    host: ORIGIN,
    auth: { accessToken: ACCESS_TOKEN },
    dispatcher: agent,
    sleep: fakeSleep().sleep,
    random: () => 0,
    now: () => clock,
    ...overrides,
  });
}

function connection(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: CONNECTION_ID,
    name: "tfc-prod",
    description: null,
    version: 1,
    orgId: "b1c2d3e4-0000-4000-8000-000000000001",
    projectId: PROJECT,
    createdAt: "2030-06-01T12:00:00.000Z",
    updatedAt: "2030-06-01T12:00:00.000Z",
    isPlatformManagedCredentials: false,
    gatewayId: null,
    credentialsHash: "ab12",
    project: { id: PROJECT, name: "p", type: "secret-manager", slug: "p" },
    app: "terraform-cloud",
    method: "api-token",
    credentials: {},
    ...overrides,
  };
}

const expectedConnection = {
  id: CONNECTION_ID,
  name: "tfc-prod",
  description: null,
  projectId: PROJECT,
  orgId: "b1c2d3e4-0000-4000-8000-000000000001",
  app: "terraform-cloud",
  method: "api-token",
  credentialsHash: "ab12",
  createdAt: "2030-06-01T12:00:00.000Z",
  updatedAt: "2030-06-01T12:00:00.000Z",
  version: 1,
};

function expectRequest(call: RecordedCall, method: string, path: string, body?: unknown, token = ACCESS_TOKEN): void {
  expect({ method: call.method, url: call.url }).toEqual({ method, url: `${ORIGIN}${path}` });
  const headers: Record<string, string> = {
    accept: "application/json",
    authorization: `Bearer ${token}`,
    "user-agent": "cdktf-token-hooks",
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  expect(call.headers).toEqual(headers);
  expect(call.body).toEqual(body);
}

const notFound = { reqId: "req-nf", statusCode: 404, message: "Could not find App Connection", error: "NotFound" };
const createBody = {
  name: "tfc-prod",
  description: "team token for prod",
  projectId: PROJECT,
  method: "api-token",
  credentials: { apiToken: "tfc-token-in-credentials" },
};

describe("configuration", () => {
  it("defaults to https://app.infisical.com", async () => {
    agent
      .get("https://app.infisical.com")
      .intercept({ path: `${BASE}/heroku`, method: "GET" })
      .reply(200, { appConnections: [] });
    await client({ host: undefined }).listAppConnections("heroku");
    expect(recordedCalls(agent)[0].url).toBe("https://app.infisical.com/api/v1/app-connections/heroku");
  });

  it("keeps a self-hosted base path", async () => {
    agent
      .get("https://corp.example.test")
      .intercept({ path: `/infisical${BASE}/heroku`, method: "GET" })
      .reply(200, { appConnections: [] });
    await client({ host: "https://corp.example.test/infisical/" }).listAppConnections("heroku");
    expect(recordedCalls(agent)[0].url).toBe(`https://corp.example.test/infisical${BASE}/heroku`);
  });

  it("refuses plain http to a non-loopback host before any request", () => {
    expect(() => client({ host: "http://infisical.example.test" })).toThrow(InsecureUrlError);
    expect(recordedCalls(agent)).toEqual([]);
  });
});

describe("app connections", () => {
  it("createAppConnection POSTs name, description, project, method and credentials", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud`, method: "POST" })
      .reply(200, { appConnection: connection() }, { headers: JSON_HEADERS });

    const created = await client().createAppConnection("terraform-cloud", {
      ...createBody,
      credentials: { apiToken: new Secret("tfc-token-in-credentials") },
    });

    expectRequest(recordedCalls(agent)[0], "POST", `${BASE}/terraform-cloud`, createBody);
    expect(created).toEqual(expectedConnection);
  });

  it("createAppConnection omits absent optional fields (organization-level heroku connection)", async () => {
    infisical()
      .intercept({ path: `${BASE}/heroku`, method: "POST" })
      .reply(200, { appConnection: connection({ app: "heroku", method: "auth-token", projectId: null }) });

    const created = await client().createAppConnection("heroku", {
      name: "h",
      method: "auth-token",
      credentials: { authToken: "heroku-key" },
    });

    expectRequest(recordedCalls(agent)[0], "POST", `${BASE}/heroku`, {
      name: "h",
      method: "auth-token",
      credentials: { authToken: "heroku-key" },
    });
    expect(created).toMatchObject({ app: "heroku", projectId: null });
  });

  it("an ambiguous create (500) is settled by name lookup in the same project: found → returned, no second POST", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud`, method: "POST" })
      .reply(500, { statusCode: 500, error: "InternalServerError", message: "boom" });
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud/connection-name/tfc-prod?projectId=${PROJECT}`, method: "GET" })
      .reply(200, { appConnection: connection() });

    const created = await client().createAppConnection("terraform-cloud", createBody);

    expect(created).toEqual(expectedConnection);
    const calls = recordedCalls(agent);
    expect(calls).toHaveLength(2);
    expectRequest(calls[1], "GET", `${BASE}/terraform-cloud/connection-name/tfc-prod?projectId=${PROJECT}`);
  });

  it("an ambiguous create not found by name is sent exactly once more", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud`, method: "POST" })
      .replyWithError(socketError("ECONNRESET"));
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud/connection-name/tfc-prod?projectId=${PROJECT}`, method: "GET" })
      .reply(404, notFound);
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud`, method: "POST" })
      .reply(200, { appConnection: connection() });

    await expect(client().createAppConnection("terraform-cloud", createBody)).resolves.toEqual(expectedConnection);
    const posts = recordedCalls(agent).filter((call) => call.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1].body).toEqual(createBody);
  });

  it("throws AmbiguousCreateError when both tries are ambiguous and nothing is found", async () => {
    infisical()
      .intercept({ path: `${BASE}/heroku`, method: "POST" })
      .reply(502, "bad gateway")
      .times(2);
    infisical()
      .intercept({ path: `${BASE}/heroku/connection-name/h`, method: "GET" })
      .reply(404, notFound)
      .times(2);

    const error = await client()
      .createAppConnection("heroku", { name: "h", method: "auth-token", credentials: { authToken: "k" } })
      .catch((e) => e);

    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect(error.message).toContain("looking the connection up by name did not find it after 2 tries");
  });

  describe("telling its own connection from one that existed before, by createdAt", () => {
    const nameTaken = {
      reqId: "req-t",
      statusCode: 400,
      error: "BadRequest",
      message: 'An App Connection with the name "tfc-prod" already exists',
    };
    const byName = `${BASE}/terraform-cloud/connection-name/tfc-prod?projectId=${PROJECT}`;
    const at = (offsetMs: number) => new Date(clock + offsetMs).toISOString();

    it.each([
      ["4.9 s before the call started (within the clock-skew bound): adopted", -4_900, true],
      ["6 s before the call started (beyond the bound): not adopted, the second POST's name-taken error surfaces", -6_000, false],
    ])("a connection found after an ambiguous create, created %s", async (_, offsetMs, adopted) => {
      infisical()
        .intercept({ path: `${BASE}/terraform-cloud`, method: "POST" })
        .reply(504, { statusCode: 504, error: "GatewayTimeout", message: "slow" });
      infisical().intercept({ path: byName, method: "GET" }).reply(200, { appConnection: connection({ createdAt: at(offsetMs) }) });
      infisical().intercept({ path: `${BASE}/terraform-cloud`, method: "POST" }).reply(400, nameTaken);
      infisical().intercept({ path: byName, method: "GET" }).reply(200, { appConnection: connection({ createdAt: at(offsetMs) }) });

      const result = client()
        .createAppConnection("terraform-cloud", createBody)
        .catch((e) => e);

      if (adopted) {
        expect(await result).toEqual({ ...expectedConnection, createdAt: at(offsetMs) });
        expect(recordedCalls(agent).map((call) => call.method)).toEqual(["POST", "GET"]);
      } else {
        expect(await result).toBeInstanceOf(ApiError);
        expect((await result).detail).toBe(nameTaken.message);
        expect(recordedCalls(agent).map((call) => call.method)).toEqual(["POST", "GET", "POST", "GET"]);
      }
    });

    it("a create slower than the timeout, still running when the lookup ran, is recognised when the retry finds its name taken", async () => {
      infisical()
        .intercept({ path: `${BASE}/terraform-cloud`, method: "POST" })
        .replyWithError(socketError("ECONNRESET"));
      infisical().intercept({ path: byName, method: "GET" }).reply(404, notFound);
      infisical().intercept({ path: `${BASE}/terraform-cloud`, method: "POST" }).reply(400, nameTaken);
      infisical().intercept({ path: byName, method: "GET" }).reply(200, { appConnection: connection({ createdAt: at(30_000) }) });

      await expect(client().createAppConnection("terraform-cloud", createBody)).resolves.toEqual({ ...expectedConnection, createdAt: at(30_000) });
      expect(recordedCalls(agent).map((call) => call.method)).toEqual(["POST", "GET", "POST", "GET"]);
    });
  });

  it("a name already in use surfaces as ApiError 400, without lookup", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud`, method: "POST" })
      .reply(400, {
        reqId: "req-9",
        statusCode: 400,
        error: "BadRequest",
        message: 'An App Connection with the name "tfc-prod" already exists',
      });

    const error = await client()
      .createAppConnection("terraform-cloud", createBody)
      .catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(
      'Infisical POST /api/v1/app-connections/terraform-cloud: 400 BadRequest — An App Connection with the name "tfc-prod" already exists (request id req-9)'
    );
    expect(recordedCalls(agent)).toHaveLength(1);
  });

  it("getAppConnection GETs by id; undefined on 404", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud/${CONNECTION_ID}`, method: "GET" })
      .reply(200, { appConnection: connection({ extra: "tolerated" }) });
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud/${CONNECTION_ID}`, method: "GET" })
      .reply(404, notFound);
    const infisicalClient = client();

    expect(await infisicalClient.getAppConnection("terraform-cloud", CONNECTION_ID)).toEqual(expectedConnection);
    expect(await infisicalClient.getAppConnection("terraform-cloud", CONNECTION_ID)).toBeUndefined();
    expectRequest(recordedCalls(agent)[0], "GET", `${BASE}/terraform-cloud/${CONNECTION_ID}`);
  });

  it("getAppConnectionByName GETs by name, with projectId only when given; undefined on 404", async () => {
    infisical()
      .intercept({ path: `${BASE}/heroku/connection-name/h`, method: "GET" })
      .reply(404, notFound);
    infisical()
      .intercept({ path: `${BASE}/heroku/connection-name/h?projectId=${PROJECT}`, method: "GET" })
      .reply(200, { appConnection: connection({ app: "heroku" }) });
    const infisicalClient = client();

    expect(await infisicalClient.getAppConnectionByName("heroku", "h")).toBeUndefined();
    expect(await infisicalClient.getAppConnectionByName("heroku", "h", PROJECT)).toMatchObject({ app: "heroku" });
    expectRequest(recordedCalls(agent)[0], "GET", `${BASE}/heroku/connection-name/h`);
    expectRequest(recordedCalls(agent)[1], "GET", `${BASE}/heroku/connection-name/h?projectId=${PROJECT}`);
  });

  it("listAppConnections lists the organization's or a project's connections", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud`, method: "GET" })
      .reply(200, { appConnections: [connection(), connection({ id: "other", name: "b" })] });
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud?projectId=${PROJECT}`, method: "GET" })
      .reply(200, { appConnections: [] });
    const infisicalClient = client();

    expect((await infisicalClient.listAppConnections("terraform-cloud")).map((c) => c.name)).toEqual(["tfc-prod", "b"]);
    expect(await infisicalClient.listAppConnections("terraform-cloud", PROJECT)).toEqual([]);
    expectRequest(recordedCalls(agent)[0], "GET", `${BASE}/terraform-cloud`);
    expectRequest(recordedCalls(agent)[1], "GET", `${BASE}/terraform-cloud?projectId=${PROJECT}`);
  });

  it("updateAppConnection PATCHes only the given fields", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud/${CONNECTION_ID}`, method: "PATCH" })
      .reply(200, { appConnection: connection({ description: "new" }) });

    const updated = await client().updateAppConnection("terraform-cloud", CONNECTION_ID, {
      description: "new",
      credentials: { apiToken: "rotated-token" },
    });

    expectRequest(recordedCalls(agent)[0], "PATCH", `${BASE}/terraform-cloud/${CONNECTION_ID}`, {
      description: "new",
      credentials: { apiToken: "rotated-token" },
    });
    expect(updated.description).toBe("new");
  });

  it("updateAppConnection is not retried on 503", async () => {
    infisical()
      .intercept({ path: `${BASE}/heroku/${CONNECTION_ID}`, method: "PATCH" })
      .reply(503, { statusCode: 503, error: "ServiceUnavailable", message: "down" });

    await expect(client().updateAppConnection("heroku", CONNECTION_ID, { name: "n" })).rejects.toMatchObject({
      status: 503,
    });
    expect(recordedCalls(agent)).toHaveLength(1);
  });

  it("deleteAppConnection DELETEs without a body and returns the deleted connection; undefined on 404", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud/${CONNECTION_ID}`, method: "DELETE" })
      .reply(200, { appConnection: connection() });
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud/${CONNECTION_ID}`, method: "DELETE" })
      .reply(404, notFound);
    const infisicalClient = client();

    expect(await infisicalClient.deleteAppConnection("terraform-cloud", CONNECTION_ID)).toEqual(expectedConnection);
    expect(await infisicalClient.deleteAppConnection("terraform-cloud", CONNECTION_ID)).toBeUndefined();
    expectRequest(recordedCalls(agent)[0], "DELETE", `${BASE}/terraform-cloud/${CONNECTION_ID}`);
  });

  it("renders a zod validation failure", async () => {
    infisical()
      .intercept({ path: `${BASE}/terraform-cloud`, method: "POST" })
      .reply(422, {
        reqId: "req-z",
        statusCode: 422,
        error: "ValidationFailure",
        message: [
          {
            code: "custom",
            path: ["name"],
            message: "name field can only contain lowercase letters, numbers, and hyphens",
          },
        ],
      });

    const error = await client()
      .createAppConnection("terraform-cloud", { ...createBody, name: "Bad Name" })
      .catch((e) => e);

    expect(error.detail).toBe("name: name field can only contain lowercase letters, numbers, and hyphens");
  });
});

describe("universal auth", () => {
  const LOGIN = "/api/v1/auth/universal-auth/login";
  const RENEW = "/api/v1/auth/token/renew";
  const grant = (accessToken: string, expiresIn = 600, accessTokenMaxTTL = 3600) => ({
    accessToken,
    expiresIn,
    accessTokenMaxTTL,
    tokenType: "Bearer",
  });
  const universal = () => client({ auth: { universalAuth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } } });
  const list = () =>
    infisical()
      .intercept({ path: `${BASE}/heroku`, method: "GET" })
      .reply(200, { appConnections: [] });

  function expectAuthCall(call: RecordedCall, path: string, body: unknown): void {
    expect({ method: call.method, url: call.url, body: call.body }).toEqual({
      method: "POST",
      url: `${ORIGIN}${path}`,
      body,
    });
    expect(call.headers).toEqual({
      accept: "application/json",
      "content-type": "application/json",
      "user-agent": "cdktf-token-hooks",
    });
  }

  it("logs in once and reuses the token while it is fresh", async () => {
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1"));
    list().times(2);
    const infisicalClient = universal();

    await infisicalClient.listAppConnections("heroku");
    clock += 60_000;
    await infisicalClient.listAppConnections("heroku");

    const calls = recordedCalls(agent);
    expect(calls).toHaveLength(3);
    expectAuthCall(calls[0], LOGIN, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    expectRequest(calls[1], "GET", `${BASE}/heroku`, undefined, "jwt-1");
    expectRequest(calls[2], "GET", `${BASE}/heroku`, undefined, "jwt-1");
  });

  it("shares one login between concurrent requests", async () => {
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1"));
    list().times(3);
    const infisicalClient = universal();

    await Promise.all([1, 2, 3].map(() => infisicalClient.listAppConnections("heroku")));

    expect(recordedCalls(agent).filter((call) => call.url.endsWith(LOGIN))).toHaveLength(1);
  });

  it("renews shortly before expiry", async () => {
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1", 600));
    infisical().intercept({ path: RENEW, method: "POST" }).reply(200, grant("jwt-1", 600));
    list().times(2);
    const infisicalClient = universal();

    await infisicalClient.listAppConnections("heroku");
    clock += 541_000; // within the last minute of a 10-minute token
    await infisicalClient.listAppConnections("heroku");

    const calls = recordedCalls(agent);
    expect(calls.map((call) => call.url.replace(ORIGIN, ""))).toEqual([
      LOGIN,
      `${BASE}/heroku`,
      RENEW,
      `${BASE}/heroku`,
    ]);
    expectAuthCall(calls[2], RENEW, { accessToken: "jwt-1" });
  });

  it("logs in again when renewal is refused", async () => {
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1", 600));
    infisical()
      .intercept({ path: RENEW, method: "POST" })
      .reply(400, {
        statusCode: 400,
        error: "BadRequest",
        message: "Failed to renew MI access token due to TTL expiration",
      });
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-2", 600));
    list().times(2);
    const infisicalClient = universal();

    await infisicalClient.listAppConnections("heroku");
    clock += 590_000;
    await infisicalClient.listAppConnections("heroku");

    const calls = recordedCalls(agent);
    expect(calls.map((call) => call.url.replace(ORIGIN, ""))).toEqual([
      LOGIN,
      `${BASE}/heroku`,
      RENEW,
      LOGIN,
      `${BASE}/heroku`,
    ]);
    expectRequest(calls[4], "GET", `${BASE}/heroku`, undefined, "jwt-2");
  });

  it("logs in again instead of renewing when the max TTL is close", async () => {
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1", 600, 900));
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-2", 600, 900));
    list().times(2);
    const infisicalClient = universal();

    await infisicalClient.listAppConnections("heroku");
    clock += 850_000;
    await infisicalClient.listAppConnections("heroku");

    expect(recordedCalls(agent).map((call) => call.url.replace(ORIGIN, ""))).toEqual([
      LOGIN,
      `${BASE}/heroku`,
      LOGIN,
      `${BASE}/heroku`,
    ]);
  });

  it("on a 403 TokenError logs in again and retries the request once", async () => {
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1"));
    infisical()
      .intercept({ path: `${BASE}/heroku/${CONNECTION_ID}`, method: "PATCH" })
      .reply(403, { statusCode: 403, error: "TokenError", message: "Your token has expired. Please re-authenticate." });
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-2"));
    infisical()
      .intercept({ path: `${BASE}/heroku/${CONNECTION_ID}`, method: "PATCH" })
      .reply(200, { appConnection: connection({ app: "heroku" }) });

    await universal().updateAppConnection("heroku", CONNECTION_ID, { name: "n" });

    const calls = recordedCalls(agent);
    expect(calls).toHaveLength(4);
    expectRequest(calls[1], "PATCH", `${BASE}/heroku/${CONNECTION_ID}`, { name: "n" }, "jwt-1");
    expectRequest(calls[3], "PATCH", `${BASE}/heroku/${CONNECTION_ID}`, { name: "n" }, "jwt-2");
  });

  it.each([
    ["revoked or deleted", "No identity access token found"],
    ["used up", "Unable to renew because access token number of uses limit reached"],
    ["past its TTL", "Failed to renew MI access token due to TTL expiration"],
  ])("on a 401 UnauthorizedError (token %s) logs in again and retries the request once", async (_, message) => {
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1"));
    infisical()
      .intercept({ path: `${BASE}/heroku`, method: "GET" })
      .reply(401, { reqId: "req-u", statusCode: 401, error: "UnauthorizedError", message });
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-2"));
    list();

    await expect(universal().listAppConnections("heroku")).resolves.toEqual([]);

    const calls = recordedCalls(agent);
    expect(calls.map((call) => call.url.replace(ORIGIN, ""))).toEqual([LOGIN, `${BASE}/heroku`, LOGIN, `${BASE}/heroku`]);
    expectRequest(calls[3], "GET", `${BASE}/heroku`, undefined, "jwt-2");
  });

  it("a 401 with a fixed access token is surfaced without retry", async () => {
    infisical()
      .intercept({ path: `${BASE}/heroku`, method: "GET" })
      .reply(401, { statusCode: 401, error: "UnauthorizedError", message: "No identity access token found" });

    await expect(client().listAppConnections("heroku")).rejects.toMatchObject({ status: 401 });
    expect(recordedCalls(agent)).toHaveLength(1);
  });

  it("a second TokenError after re-login is surfaced", async () => {
    const tokenError = {
      statusCode: 403,
      error: "TokenError",
      message: "Your token has expired. Please re-authenticate.",
    };
    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1")).times(2);
    infisical()
      .intercept({ path: `${BASE}/heroku`, method: "GET" })
      .reply(403, tokenError)
      .times(2);

    await expect(universal().listAppConnections("heroku")).rejects.toMatchObject({ status: 403, title: "TokenError" });
    expect(recordedCalls(agent)).toHaveLength(4);
  });

  it("does not retry a 403 TokenError with a fixed access token, nor a permission 403", async () => {
    infisical()
      .intercept({ path: `${BASE}/heroku`, method: "GET" })
      .reply(403, { statusCode: 403, error: "TokenError", message: "Your token has expired. Please re-authenticate." });
    await expect(client().listAppConnections("heroku")).rejects.toMatchObject({ status: 403 });

    infisical().intercept({ path: LOGIN, method: "POST" }).reply(200, grant("jwt-1"));
    infisical()
      .intercept({ path: `${BASE}/heroku`, method: "GET" })
      .reply(403, {
        statusCode: 403,
        error: "PermissionDenied",
        message: "You are not allowed to read on AppConnections",
      });
    await expect(universal().listAppConnections("heroku")).rejects.toMatchObject({ title: "PermissionDenied" });

    expect(recordedCalls(agent)).toHaveLength(3);
  });

  it("a failed login surfaces as ApiError without the client secret", async () => {
    infisical()
      .intercept({ path: LOGIN, method: "POST" })
      .reply(401, { statusCode: 401, error: "UnauthorizedError", message: `Invalid credentials for ${CLIENT_SECRET}` });

    const error = await universal()
      .listAppConnections("heroku")
      .catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(`Infisical POST ${LOGIN}: 401 UnauthorizedError — Invalid credentials for [redacted]`);
  });
});
