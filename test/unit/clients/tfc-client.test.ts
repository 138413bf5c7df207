import { inspect } from "node:util";
import type { MockAgent } from "undici";
import { TfcClient, type TfcClientOptions } from "../../../src/clients/tfc";
import {
  AmbiguousCreateError,
  ApiError,
  InsecureUrlError,
  MalformedResponseError,
  ServiceDiscoveryError,
} from "../../../src/http/errors";
import {
  fakeSleep,
  JSON_API_HEADERS,
  mockAgent,
  recordedCalls,
  socketError,
  type RecordedCall,
} from "../http/support/mock-api";
import { API, ORG, TEAM_ID, teamDocument, TFC_ORIGIN, tokenDocument, tokenPage, tokenResource } from "./tfc-fixtures";

const TOKEN = "tfc-client-test-token.atlasv1.0123456789";
const NEW_SECRET = "NEWSECRET00000.atlasv1.created-token-value";
const NOW = Date.parse("2030-06-01T12:00:00.000Z");
const AFTER_NOW = "2030-06-01T12:00:01.000Z";
const BEFORE_NOW = "2030-05-01T00:00:00.000Z";

let agent: MockAgent;
const tfc = () => agent.get(TFC_ORIGIN);

beforeEach(() => {
  agent = mockAgent();
});

afterEach(async () => {
  await agent.close();
});

async function client(overrides: Partial<TfcClientOptions> = {}): Promise<TfcClient> {
  return TfcClient.create({
    token: TOKEN,
    address: TFC_ORIGIN,
    dispatcher: agent,
    sleep: fakeSleep().sleep,
    random: () => 0,
    now: () => NOW,
    ...overrides,
  });
}

/** Asserts method, URL, JSON:API headers with the bearer token, and the JSON body. */
function expectRequest(call: RecordedCall, method: string, url: string, body?: unknown): void {
  expect({ method: call.method, url: call.url }).toEqual({ method, url });
  const expectedHeaders: Record<string, string> = {
    accept: "application/vnd.api+json",
    authorization: `Bearer ${TOKEN}`,
    "user-agent": "cdktf-token-hooks",
  };
  if (body !== undefined) expectedHeaders["content-type"] = "application/vnd.api+json";
  expect(call.headers).toEqual(expectedHeaders);
  expect(call.body).toEqual(body);
}

const notFound = { errors: [{ status: "404", title: "not found" }] };
const noExpiry = { data: { type: "authentication-tokens", attributes: {} } };

describe("base URL", () => {
  it("uses address + /api/v2/, as go-tfe does (any path is replaced)", async () => {
    expect((await client({ address: "https://tfe.example.test:8443/ignored" })).baseUrl.href).toBe(
      "https://tfe.example.test:8443/api/v2/"
    );
  });

  it("accepts plain http on loopback for the emulator", async () => {
    expect((await client({ address: "http://127.0.0.1:9999" })).baseUrl.href).toBe("http://127.0.0.1:9999/api/v2/");
  });

  it("refuses plain http to any other host before sending a request", async () => {
    await expect(client({ address: "http://tfe.example.test" })).rejects.toBeInstanceOf(InsecureUrlError);
    expect(recordedCalls(agent)).toEqual([]);
  });
});

describe("service discovery", () => {
  const discovery = (host: string) =>
    agent.get(`https://${host}`).intercept({ path: "/.well-known/terraform.json", method: "GET" });
  const jsonHeaders = { headers: { "content-type": "application/json" } };

  it("resolves a relative tfe.v2.2 against the discovery URL and asks for JSON without credentials", async () => {
    discovery("tfe.example.test").reply(200, { "tfe.v2": "/api/v2/", "tfe.v2.2": "/api/v2/" }, jsonHeaders);

    const discovered = await client({ address: undefined, hostname: "tfe.example.test" });

    expect(discovered.baseUrl.href).toBe("https://tfe.example.test/api/v2/");
    const [call] = recordedCalls(agent);
    expect(call).toEqual({
      method: "GET",
      url: "https://tfe.example.test/.well-known/terraform.json",
      headers: { accept: "application/json", "user-agent": "cdktf-token-hooks" },
      body: undefined,
    });
  });

  it("accepts an absolute tfe.v2.2 and adds the trailing slash", async () => {
    discovery("tfe.example.test").reply(200, { "tfe.v2.2": "https://api.example.test/tfe/api/v2" }, jsonHeaders);
    const discovered = await client({ address: undefined, hostname: "tfe.example.test" });
    expect(discovered.baseUrl.href).toBe("https://api.example.test/tfe/api/v2/");
  });

  it("defaults to app.terraform.io", async () => {
    discovery("app.terraform.io").reply(
      200,
      { "tfe.v2.2": "/api/v2/" },
      { headers: { "content-type": "application/json; charset=utf-8" } }
    );
    expect((await client({ address: undefined })).baseUrl.href).toBe("https://app.terraform.io/api/v2/");
  });

  it("follows a redirect and resolves against the final URL", async () => {
    discovery("tfe.example.test").reply(301, "", {
      headers: { location: "https://moved.example.test/.well-known/terraform.json" },
    });
    discovery("moved.example.test").reply(200, { "tfe.v2.2": "/api/v2/" }, jsonHeaders);
    const discovered = await client({ address: undefined, hostname: "tfe.example.test" });
    expect(discovered.baseUrl.href).toBe("https://moved.example.test/api/v2/");
  });

  it("says which older services a host offers when tfe.v2.2 is missing", async () => {
    discovery("old.example.test").reply(
      200,
      { "tfe.v2": "/api/v2/", "tfe.v2.1": "/api/v2/", "modules.v1": "/m/" },
      jsonHeaders
    );
    const error = await client({ address: undefined, hostname: "old.example.test" }).catch((e) => e);
    expect(error).toBeInstanceOf(ServiceDiscoveryError);
    expect(error.message).toBe(
      "Service discovery for old.example.test failed: the host does not advertise tfe.v2.2 (the HCP Terraform / Terraform Enterprise API); it only offers tfe.v2, tfe.v2.1, too old for this provider"
    );
  });

  it("explains a 404 as a host without Terraform services", async () => {
    discovery("plain.example.test").reply(404, "");
    await expect(client({ address: undefined, hostname: "plain.example.test" })).rejects.toThrow(
      "https://plain.example.test/.well-known/terraform.json does not exist (404): the host offers no Terraform services"
    );
  });

  it("requires an application/json document", async () => {
    discovery("html.example.test").reply(200, "<html></html>", { headers: { "content-type": "text/html" } });
    await expect(client({ address: undefined, hostname: "html.example.test" })).rejects.toThrow(
      'is not application/json (got "text/html")'
    );
  });

  it("refuses a discovered plain-http API on a non-loopback host", async () => {
    discovery("tfe.example.test").reply(200, { "tfe.v2.2": "http://tfe.example.test/api/v2/" }, jsonHeaders);
    await expect(client({ address: undefined, hostname: "tfe.example.test" })).rejects.toBeInstanceOf(InsecureUrlError);
  });

  it("rejects a hostname with a scheme or path", async () => {
    await expect(client({ address: undefined, hostname: "https://tfe.example.test/x" })).rejects.toThrow(
      "not a host name"
    );
    expect(recordedCalls(agent)).toEqual([]);
  });
});

describe("legacy team token", () => {
  const path = `/api/v2/teams/${TEAM_ID}/authentication-token`;

  it("createLegacyTeamToken POSTs the expiry and returns the secret wrapped", async () => {
    tfc()
      .intercept({ path, method: "POST" })
      .reply(201, tokenDocument({ token: NEW_SECRET, teamId: TEAM_ID, expiredAt: "2031-01-01T00:00:00.000Z" }), {
        headers: JSON_API_HEADERS,
      });

    const token = await (await client()).createLegacyTeamToken(TEAM_ID, { expiredAt: "2031-01-01T00:00:00.000Z" });

    expectRequest(recordedCalls(agent)[0], "POST", `${TFC_ORIGIN}${path}`, {
      data: { type: "authentication-tokens", attributes: { "expired-at": "2031-01-01T00:00:00.000Z" } },
    });
    expect(token).toMatchObject({
      id: "at-TokenId000000001",
      description: null,
      createdAt: "2030-01-01T00:00:00.000Z",
      lastUsedAt: null,
      expiredAt: "2031-01-01T00:00:00.000Z",
      teamId: TEAM_ID,
      createdBy: { type: "users", id: "user-62goNpx1ThQf689e" },
    });
    expect(token.token?.reveal()).toBe(NEW_SECRET);
    expect(token.secretLost).toBeUndefined();
  });

  it("createLegacyTeamToken omits expired-at when not given", async () => {
    tfc()
      .intercept({ path, method: "POST" })
      .reply(201, tokenDocument({ token: NEW_SECRET }));
    await (await client()).createLegacyTeamToken(TEAM_ID);
    expect(recordedCalls(agent)[0].body).toEqual(noExpiry);
  });

  it("an ambiguous create is settled by reading the token: newer than the call means ours, secret lost", async () => {
    tfc().intercept({ path, method: "POST" }).reply(502, "");
    tfc()
      .intercept({ path, method: "GET" })
      .reply(200, tokenDocument({ id: "at-Regenerated00001", createdAt: AFTER_NOW }));

    const token = await (await client()).createLegacyTeamToken(TEAM_ID);

    expect(token).toMatchObject({ id: "at-Regenerated00001", token: null, secretLost: true });
    expect(recordedCalls(agent).map((call) => call.method)).toEqual(["POST", "GET"]);
  });

  it("an ambiguous create that left only an older token is sent again", async () => {
    tfc().intercept({ path, method: "POST" }).replyWithError(socketError("ECONNRESET"));
    tfc()
      .intercept({ path, method: "GET" })
      .reply(200, tokenDocument({ createdAt: BEFORE_NOW }));
    tfc()
      .intercept({ path, method: "POST" })
      .reply(201, tokenDocument({ token: NEW_SECRET, createdAt: AFTER_NOW }));

    const token = await (await client()).createLegacyTeamToken(TEAM_ID);

    expect(token.token?.reveal()).toBe(NEW_SECRET);
    expect(recordedCalls(agent).map((call) => call.method)).toEqual(["POST", "GET", "POST"]);
  });

  it("readLegacyTeamToken GETs it, and answers undefined on 404", async () => {
    tfc()
      .intercept({ path, method: "GET" })
      .reply(200, tokenDocument({ teamId: TEAM_ID }));
    tfc().intercept({ path, method: "GET" }).reply(404, notFound);
    const tfcClient = await client();

    expect(await tfcClient.readLegacyTeamToken(TEAM_ID)).toMatchObject({ id: "at-TokenId000000001", token: null });
    expect(await tfcClient.readLegacyTeamToken(TEAM_ID)).toBeUndefined();
    expectRequest(recordedCalls(agent)[0], "GET", `${TFC_ORIGIN}${path}`);
  });

  it("deleteLegacyTeamToken DELETEs it; false when already gone", async () => {
    tfc().intercept({ path, method: "DELETE" }).reply(204, "");
    tfc().intercept({ path, method: "DELETE" }).reply(404, notFound);
    const tfcClient = await client();

    expect(await tfcClient.deleteLegacyTeamToken(TEAM_ID)).toBe(true);
    expect(await tfcClient.deleteLegacyTeamToken(TEAM_ID)).toBe(false);
    expectRequest(recordedCalls(agent)[0], "DELETE", `${TFC_ORIGIN}${path}`);
  });
});

describe("described team tokens", () => {
  const createPath = `/api/v2/teams/${TEAM_ID}/authentication-tokens`;
  const listPath = (page: number) =>
    `/api/v2/organizations/${ORG}/team-tokens?page%5Bnumber%5D=${page}&page%5Bsize%5D=100`;
  const body = (description: string) => ({
    data: { type: "authentication-tokens", attributes: { description, "expired-at": "2031-01-01T00:00:00Z" } },
  });

  it("createTeamToken POSTs description and expiry", async () => {
    tfc()
      .intercept({ path: createPath, method: "POST" })
      .reply(201, tokenDocument({ token: NEW_SECRET, description: "ci", teamId: TEAM_ID }));

    const token = await (
      await client()
    ).createTeamToken(TEAM_ID, { description: "ci", expiredAt: "2031-01-01T00:00:00Z" });

    expectRequest(recordedCalls(agent)[0], "POST", `${TFC_ORIGIN}${createPath}`, body("ci"));
    expect(token).toMatchObject({ description: "ci", teamId: TEAM_ID });
    expect(token.token?.reveal()).toBe(NEW_SECRET);
  });

  it("is not retried on 500 but settled by looking the token up by description: found → secretLost", async () => {
    tfc()
      .intercept({ path: createPath, method: "POST" })
      .reply(500, { errors: [{ status: "500", title: "internal error" }] });
    tfc()
      .intercept({ path: `/api/v2/teams/${TEAM_ID}`, method: "GET" })
      .reply(200, teamDocument(TEAM_ID, ORG));
    tfc()
      .intercept({ path: listPath(1), method: "GET" })
      .reply(
        200,
        tokenPage([{ id: "at-Other0000000001", description: "ci", teamId: "team-Other00000000001" }], {
          current: 1,
          next: 2,
          totalPages: 2,
        })
      );
    tfc()
      .intercept({ path: listPath(2), method: "GET" })
      .reply(
        200,
        tokenPage([{ id: "at-Ours00000000001", description: "ci", teamId: TEAM_ID }], {
          current: 2,
          next: null,
          totalPages: 2,
        })
      );

    const token = await (
      await client()
    ).createTeamToken(TEAM_ID, { description: "ci", expiredAt: "2031-01-01T00:00:00Z" });

    expect(token).toMatchObject({ id: "at-Ours00000000001", token: null, secretLost: true, lostResponse: expect.stringMatching(/^TFC POST \/api\/v2\/teams\/[^/]+\/authentication-tokens$/) });
    const calls = recordedCalls(agent);
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST ${API}/teams/${TEAM_ID}/authentication-tokens`,
      `GET ${API}/teams/${TEAM_ID}`,
      `GET ${TFC_ORIGIN}${listPath(1)}`,
      `GET ${TFC_ORIGIN}${listPath(2)}`,
    ]);
    calls.slice(1).forEach((call) => expectRequest(call, "GET", call.url));
  });

  it("after a timeout with no token found, sends the POST exactly once more", async () => {
    tfc().intercept({ path: createPath, method: "POST" }).reply(201, tokenDocument()).delay(300);
    tfc()
      .intercept({ path: `/api/v2/teams/${TEAM_ID}`, method: "GET" })
      .reply(200, teamDocument(TEAM_ID, ORG));
    tfc()
      .intercept({ path: listPath(1), method: "GET" })
      .reply(200, tokenPage([], { current: 1, next: null, totalPages: 1 }));
    tfc()
      .intercept({ path: createPath, method: "POST" })
      .reply(201, tokenDocument({ token: NEW_SECRET, description: "ci", teamId: TEAM_ID }));

    const token = await (
      await client({ timeoutMs: 40 })
    ).createTeamToken(TEAM_ID, { description: "ci", expiredAt: "2031-01-01T00:00:00Z" });

    expect(token.token?.reveal()).toBe(NEW_SECRET);
    const posts = recordedCalls(agent).filter((call) => call.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1].body).toEqual(body("ci"));
  });

  it("throws AmbiguousCreateError when the retry is ambiguous too and the token is still not found", async () => {
    tfc().intercept({ path: createPath, method: "POST" }).reply(503, "").times(2);
    tfc()
      .intercept({ path: `/api/v2/teams/${TEAM_ID}`, method: "GET" })
      .reply(200, teamDocument(TEAM_ID, ORG))
      .times(2);
    tfc()
      .intercept({ path: listPath(1), method: "GET" })
      .reply(200, tokenPage([], { current: 1, next: null, totalPages: 1 }))
      .times(2);

    const error = await (await client()).createTeamToken(TEAM_ID, { description: "ci" }).catch((e) => e);

    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect(error.message).toMatch(
      /^TFC POST \/api\/v2\/teams\/team-AbCdEfGh12345678\/authentication-tokens: the create may or may not have taken effect; looking the token up by team and description did not find it after 2 tries/
    );
    expect(recordedCalls(agent).filter((call) => call.method === "POST")).toHaveLength(2);
  });

  it("surfaces a duplicate description as ApiError, without lookup or retry", async () => {
    tfc()
      .intercept({ path: createPath, method: "POST" })
      .reply(422, {
        errors: [
          {
            status: "422",
            title: "invalid attributes",
            detail: "Validation failed: Description has already been taken",
          },
        ],
      });

    const error = await (await client()).createTeamToken(TEAM_ID, { description: "ci" }).catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, detail: "Validation failed: Description has already been taken" });
    expect(recordedCalls(agent)).toHaveLength(1);
  });

  it("readTeamToken GETs by id; undefined on 404", async () => {
    tfc()
      .intercept({ path: "/api/v2/authentication-tokens/at-TokenId000000001", method: "GET" })
      .reply(200, tokenDocument({ description: "ci", teamId: TEAM_ID }));
    tfc().intercept({ path: "/api/v2/authentication-tokens/at-Gone000000000001", method: "GET" }).reply(404, notFound);
    const tfcClient = await client();

    expect(await tfcClient.readTeamToken("at-TokenId000000001")).toMatchObject({
      description: "ci",
      teamId: TEAM_ID,
      token: null,
    });
    expect(await tfcClient.readTeamToken("at-Gone000000000001")).toBeUndefined();
    expectRequest(recordedCalls(agent)[0], "GET", `${API}/authentication-tokens/at-TokenId000000001`);
  });

  it("deleteTeamToken DELETEs by id; false on 404", async () => {
    tfc().intercept({ path: "/api/v2/authentication-tokens/at-TokenId000000001", method: "DELETE" }).reply(204, "");
    tfc()
      .intercept({ path: "/api/v2/authentication-tokens/at-TokenId000000001", method: "DELETE" })
      .reply(404, notFound);
    const tfcClient = await client();

    expect(await tfcClient.deleteTeamToken("at-TokenId000000001")).toBe(true);
    expect(await tfcClient.deleteTeamToken("at-TokenId000000001")).toBe(false);
    expectRequest(recordedCalls(agent)[0], "DELETE", `${API}/authentication-tokens/at-TokenId000000001`);
  });

  it("listTeamTokens sends paging, search, sort and filter[expiry_status], and reads pagination", async () => {
    const path =
      `/api/v2/organizations/${ORG}/team-tokens?page%5Bnumber%5D=2&page%5Bsize%5D=10&q=ops&sort=-expired-at` +
      "&filter%5Bexpiry_status%5D=active%2Cexpired";
    tfc()
      .intercept({ path, method: "GET" })
      .reply(200, tokenPage([{ teamId: TEAM_ID, description: "a" }], { current: 2, next: 3, totalPages: 4 }));

    const page = await (
      await client()
    ).listTeamTokens(ORG, {
      pageNumber: 2,
      pageSize: 10,
      q: "ops",
      sort: "-expired-at",
      expiryStatus: ["active", "expired"],
    });

    expectRequest(recordedCalls(agent)[0], "GET", `${TFC_ORIGIN}${path}`);
    expect(page.items).toHaveLength(1);
    expect(page.pagination).toEqual({ currentPage: 2, prevPage: 1, nextPage: 3, totalPages: 4, totalCount: 1 });
  });

  it("listAllTeamTokens walks every page with the filters", async () => {
    const path = (page: number) =>
      `/api/v2/organizations/${ORG}/team-tokens?page%5Bnumber%5D=${page}&page%5Bsize%5D=100&filter%5Bexpiry_status%5D=active`;
    tfc()
      .intercept({ path: path(1), method: "GET" })
      .reply(200, tokenPage([{ id: "at-A" }], { current: 1, next: 2, totalPages: 2 }));
    tfc()
      .intercept({ path: path(2), method: "GET" })
      .reply(200, tokenPage([{ id: "at-B" }], { current: 2, next: null, totalPages: 2 }));

    const tokens = await (await client()).listAllTeamTokens(ORG, { expiryStatus: "active" });

    expect(tokens.map((token) => token.id)).toEqual(["at-A", "at-B"]);
    const calls = recordedCalls(agent);
    expect(calls).toHaveLength(2);
    expectRequest(calls[0], "GET", `${TFC_ORIGIN}${path(1)}`);
    expectRequest(calls[1], "GET", `${TFC_ORIGIN}${path(2)}`);
  });

  it("listAllTeamTokens stops when next-page does not advance", async () => {
    tfc()
      .intercept({ path: listPath(1), method: "GET" })
      .reply(200, tokenPage([{ id: "at-A" }], { current: 1, next: 1, totalPages: 1 }));
    expect(await (await client()).listAllTeamTokens(ORG)).toHaveLength(1);
    expect(recordedCalls(agent)).toHaveLength(1);
  });

  it("listAllTeamTokens refuses to walk more than 1000 pages", async () => {
    tfc()
      .intercept({ path: (path) => path.startsWith(`/api/v2/organizations/${ORG}/team-tokens?`), method: "GET" })
      .reply(200, ({ path }) => {
        const current = Number(new URL(path, TFC_ORIGIN).searchParams.get("page[number]"));
        return tokenPage([], { current, next: current + 1, totalPages: 5_000 });
      })
      .persist();

    const error = await (await client()).listAllTeamTokens(ORG).catch((e) => e);

    expect(error).toMatchObject({ name: "PaginationLimitError", path: `/api/v2/organizations/${ORG}/team-tokens` });
    expect(recordedCalls(agent)).toHaveLength(1_000);
  });

  it("findTeamTokenByDescription matches both team and description", async () => {
    tfc()
      .intercept({ path: listPath(1), method: "GET" })
      .reply(
        200,
        tokenPage(
          [
            { id: "at-WrongTeam", description: "ci", teamId: "team-Other00000000001" },
            { id: "at-WrongDesc", description: "cd", teamId: TEAM_ID },
            { id: "at-Right", description: "ci", teamId: TEAM_ID },
          ],
          { current: 1, next: null, totalPages: 1 }
        )
      )
      .times(2);
    const tfcClient = await client();

    expect((await tfcClient.findTeamTokenByDescription(ORG, TEAM_ID, "ci"))?.id).toBe("at-Right");
    expect(await tfcClient.findTeamTokenByDescription(ORG, TEAM_ID, "nope")).toBeUndefined();
    expectRequest(recordedCalls(agent)[0], "GET", `${TFC_ORIGIN}${listPath(1)}`);
  });

  it("listTeamTokensOf keeps the team's tokens only", async () => {
    tfc()
      .intercept({ path: listPath(1), method: "GET" })
      .reply(
        200,
        tokenPage(
          [
            { id: "at-WrongTeam", description: "ci", teamId: "team-Other00000000001" },
            { id: "at-First", description: "cd", teamId: TEAM_ID },
            { id: "at-Second", description: "ci", teamId: TEAM_ID },
          ],
          { current: 1, next: null, totalPages: 1 }
        )
      );
    const tokens = await (await client()).listTeamTokensOf(ORG, TEAM_ID);
    expect(tokens.map((token) => token.id)).toEqual(["at-First", "at-Second"]);
  });
});

describe("organization and audit-trails tokens", () => {
  const path = `/api/v2/organizations/${ORG}/authentication-token`;
  const auditPath = `${path}?token=audit-trails`;

  it("createOrganizationToken POSTs to the organization token", async () => {
    tfc()
      .intercept({ path, method: "POST" })
      .reply(201, tokenDocument({ token: NEW_SECRET }));
    const token = await (await client()).createOrganizationToken(ORG, { expiredAt: "2031-01-01T00:00:00Z" });
    expectRequest(recordedCalls(agent)[0], "POST", `${TFC_ORIGIN}${path}`, {
      data: { type: "authentication-tokens", attributes: { "expired-at": "2031-01-01T00:00:00Z" } },
    });
    expect(token.token?.reveal()).toBe(NEW_SECRET);
  });

  it("createOrganizationToken with kind audit-trails adds ?token=audit-trails", async () => {
    tfc()
      .intercept({ path: auditPath, method: "POST" })
      .reply(201, tokenDocument({ token: NEW_SECRET }));
    await (await client()).createOrganizationToken(ORG, { kind: "audit-trails" });
    expectRequest(recordedCalls(agent)[0], "POST", `${TFC_ORIGIN}${auditPath}`, noExpiry);
  });

  it("an ambiguous audit-trails create is settled by reading the current audit-trails token", async () => {
    tfc().intercept({ path: auditPath, method: "POST" }).reply(200, "{truncated");
    tfc()
      .intercept({ path: auditPath, method: "GET" })
      .reply(200, tokenDocument({ id: "at-Audit", createdAt: AFTER_NOW }));

    const token = await (await client()).createOrganizationToken(ORG, { kind: "audit-trails" });

    expect(token).toMatchObject({ id: "at-Audit", token: null, secretLost: true });
    expectRequest(recordedCalls(agent)[1], "GET", `${TFC_ORIGIN}${auditPath}`);
  });

  it("readOrganizationToken reads either kind; undefined on 404 or null data", async () => {
    tfc().intercept({ path, method: "GET" }).reply(200, tokenDocument());
    tfc().intercept({ path: auditPath, method: "GET" }).reply(404, notFound);
    tfc().intercept({ path, method: "GET" }).reply(200, { data: null });
    const tfcClient = await client();

    expect(await tfcClient.readOrganizationToken(ORG)).toMatchObject({ id: "at-TokenId000000001" });
    expect(await tfcClient.readOrganizationToken(ORG, { kind: "audit-trails" })).toBeUndefined();
    expect(await tfcClient.readOrganizationToken(ORG, { kind: "organization" })).toBeUndefined();
    expectRequest(recordedCalls(agent)[0], "GET", `${TFC_ORIGIN}${path}`);
    expectRequest(recordedCalls(agent)[1], "GET", `${TFC_ORIGIN}${auditPath}`);
  });

  it("deleteOrganizationToken deletes either kind; false on 404", async () => {
    tfc().intercept({ path: auditPath, method: "DELETE" }).reply(204, "");
    tfc().intercept({ path, method: "DELETE" }).reply(404, notFound);
    const tfcClient = await client();

    expect(await tfcClient.deleteOrganizationToken(ORG, { kind: "audit-trails" })).toBe(true);
    expect(await tfcClient.deleteOrganizationToken(ORG)).toBe(false);
    expectRequest(recordedCalls(agent)[0], "DELETE", `${TFC_ORIGIN}${auditPath}`);
    expectRequest(recordedCalls(agent)[1], "DELETE", `${TFC_ORIGIN}${path}`);
  });
});

describe("teams, organizations, account and ping", () => {
  it("readTeam returns id, name and organization; undefined on 404", async () => {
    tfc()
      .intercept({ path: `/api/v2/teams/${TEAM_ID}`, method: "GET" })
      .reply(200, teamDocument(TEAM_ID, ORG));
    tfc().intercept({ path: "/api/v2/teams/team-Missing000000001", method: "GET" }).reply(404, notFound);
    const tfcClient = await client();

    expect(await tfcClient.readTeam(TEAM_ID)).toEqual({ id: TEAM_ID, name: "owners", organization: ORG });
    expect(await tfcClient.readTeam("team-Missing000000001")).toBeUndefined();
    expectRequest(recordedCalls(agent)[0], "GET", `${API}/teams/${TEAM_ID}`);
  });

  it("readOrganization returns the name and external id; undefined on 404", async () => {
    tfc()
      .intercept({ path: `/api/v2/organizations/${ORG}`, method: "GET" })
      .reply(200, {
        data: {
          id: ORG,
          type: "organizations",
          attributes: { name: ORG, "external-id": "org-123", email: "o@example.test" },
        },
      });
    tfc().intercept({ path: "/api/v2/organizations/gone", method: "GET" }).reply(404, notFound);
    const tfcClient = await client();

    expect(await tfcClient.readOrganization(ORG)).toEqual({
      name: ORG,
      externalId: "org-123",
      email: "o@example.test",
    });
    expect(await tfcClient.readOrganization("gone")).toBeUndefined();
    expectRequest(recordedCalls(agent)[0], "GET", `${API}/organizations/${ORG}`);
  });

  it("accountDetails reads the service user and its authenticated resource", async () => {
    tfc()
      .intercept({ path: "/api/v2/account/details", method: "GET" })
      .reply(200, {
        data: {
          id: "user-Service0000001",
          type: "users",
          attributes: { username: "api-team_123", "is-service-account": true },
          relationships: { "authenticated-resource": { data: { id: TEAM_ID, type: "teams" } } },
        },
      });

    const account = await (await client()).accountDetails();

    expectRequest(recordedCalls(agent)[0], "GET", `${API}/account/details`);
    expect(account).toEqual({
      id: "user-Service0000001",
      username: "api-team_123",
      isServiceAccount: true,
      authenticatedResource: { type: "teams", id: TEAM_ID },
    });
  });

  it("accountDetails fails with ApiError 401 for a bad token", async () => {
    tfc()
      .intercept({ path: "/api/v2/account/details", method: "GET" })
      .reply(401, { errors: [{ status: "401", title: "unauthorized" }] });
    await expect((await client()).accountDetails()).rejects.toMatchObject({ name: "ApiError", status: 401 });
  });

  it("ping reads TFP-API-Version, X-RateLimit-Limit and TFP-AppName from a 204", async () => {
    tfc()
      .intercept({ path: "/api/v2/ping", method: "GET" })
      .reply(204, "", {
        headers: { "tfp-api-version": "2.6", "x-ratelimit-limit": "30", "tfp-appname": "HCP Terraform" },
      });

    const info = await (await client()).ping();

    expectRequest(recordedCalls(agent)[0], "GET", `${API}/ping`);
    expect(info).toEqual({ apiVersion: "2.6", rateLimitLimit: 30, appName: "HCP Terraform" });
  });
});

describe("errors from the TFC client", () => {
  it("a failing 404 explains that it may mean forbidden", async () => {
    tfc()
      .intercept({ path: `/api/v2/teams/${TEAM_ID}/authentication-tokens`, method: "POST" })
      .reply(404, notFound);
    const error = await (await client()).createTeamToken(TEAM_ID, { description: "x" }).catch((e) => e);
    expect(error.message).toBe(
      `TFC POST /api/v2/teams/${TEAM_ID}/authentication-tokens: 404 not found. Not found — or the token lacks permission (HCP Terraform answers 404 for forbidden)`
    );
  });

  it("a response missing required fields is a MalformedResponseError naming the field", async () => {
    const broken = tokenResource();
    delete (broken.attributes as Record<string, unknown>)["created-at"];
    tfc().intercept({ path: "/api/v2/authentication-tokens/at-X", method: "GET" }).reply(200, { data: broken });

    const error = await (await client()).readTeamToken("at-X").catch((e) => e);

    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe(
      "TFC GET /api/v2/authentication-tokens/at-X: 200 response did not have the expected shape: data.attributes.created-at is not a string"
    );
  });

  it("ids are encoded as single path segments", async () => {
    tfc().intercept({ path: "/api/v2/authentication-tokens/..%2Fteams%2Fx", method: "GET" }).reply(404, notFound);
    expect(await (await client()).readTeamToken("../teams/x")).toBeUndefined();
  });

  it("the client object does not show the token when inspected", async () => {
    const text = inspect(await client(), { depth: 10, showHidden: true });
    expect(text).not.toContain(TOKEN);
  });
});
