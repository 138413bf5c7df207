import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, type MockAgent } from "undici";
import { ApiError, MalformedResponseError, NetworkError, RequestTimeoutError } from "../../../src/http/errors";
import { HttpCore, type HttpCoreConfig } from "../../../src/http/http-core";
import type { RequestLogEvent } from "../../../src/http/request-log";
import { RequestPacer } from "../../../src/http/request-pacer";
import { FakeClock } from "./support/fake-clock";
import { fakeSleep, JSON_HEADERS, mockAgent, recordedCalls, socketError } from "./support/mock-api";

const ORIGIN = "https://api.example.test";

let agent: MockAgent;

beforeEach(() => {
  agent = mockAgent();
});

afterEach(async () => {
  await agent.close();
});

function core(overrides: Partial<HttpCoreConfig> = {}): { core: HttpCore; waits: number[]; events: RequestLogEvent[] } {
  const { waits, sleep } = fakeSleep();
  const events: RequestLogEvent[] = [];
  const http = new HttpCore({
    service: "tfc",
    baseUrl: new URL(`${ORIGIN}/api/v2/`),
    headers: { accept: "application/vnd.api+json" },
    contentType: "application/vnd.api+json",
    dispatcher: agent,
    sleep,
    random: () => 0.5,
    retry: { baseDelayMs: 100, maxDelayMs: 1_000 },
    onRequest: (event) => events.push(event),
    ...overrides,
  });
  return { core: http, waits, events };
}

const api = () => agent.get(ORIGIN);

describe("request shape", () => {
  it("joins the base path, encodes the query, and sends default plus per-request headers", async () => {
    api()
      .intercept({ path: "/api/v2/things?page%5Bnumber%5D=2&q=a+b", method: "GET" })
      .reply(200, { ok: true }, { headers: JSON_HEADERS });
    const { core: http } = core();

    const response = await http.request({
      method: "GET",
      path: "/things",
      query: { "page[number]": 2, q: "a b", skipped: undefined },
      headers: { authorization: "Bearer t" },
    });

    expect(response.body).toEqual({ ok: true });
    const [call] = recordedCalls(agent);
    expect(call.url).toBe(`${ORIGIN}/api/v2/things?page%5Bnumber%5D=2&q=a+b`);
    expect(call.headers).toEqual({
      accept: "application/vnd.api+json",
      authorization: "Bearer t",
      "user-agent": "cdktf-token-hooks",
    });
    expect(call.body).toBeUndefined();
  });

  it("sends a JSON body with the configured content type", async () => {
    api().intercept({ path: "/api/v2/things", method: "POST" }).reply(201, { id: 1 });
    const { core: http } = core();

    await http.request({ method: "POST", path: "/things", body: { a: [1, "x"] } });

    const [call] = recordedCalls(agent);
    expect(call.headers["content-type"]).toBe("application/vnd.api+json");
    expect(call.body).toEqual({ a: [1, "x"] });
  });

  it("returns an undefined body for an empty 2xx response", async () => {
    api().intercept({ path: "/api/v2/things/1", method: "DELETE" }).reply(204, "");
    const { core: http } = core();

    await expect(http.request({ method: "DELETE", path: "/things/1" })).resolves.toMatchObject({
      status: 204,
      body: undefined,
    });
  });
});

describe("errors", () => {
  it("turns a non-2xx status into an ApiError with the API's text, method and full path", async () => {
    api()
      .intercept({ path: "/api/v2/teams/team-x?include=users", method: "GET" })
      .reply(422, { errors: [{ status: "422", title: "invalid attributes", detail: "Name is bad" }] });
    const { core: http } = core();

    const error = await http
      .request({ method: "GET", path: "/teams/team-x", query: { include: "users" } })
      .catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      method: "GET",
      path: "/api/v2/teams/team-x?include=users",
      title: "invalid attributes",
      detail: "Name is bad",
    });
    expect(error.message).toBe("TFC GET /api/v2/teams/team-x?include=users: 422 invalid attributes — Name is bad");
  });

  it("reports a malformed 2xx body without echoing it", async () => {
    api().intercept({ path: "/api/v2/things", method: "GET" }).reply(200, "{not json: SECRET-BODY");
    const { core: http } = core();

    const error = await http.request({ method: "GET", path: "/things" }).catch((e) => e);

    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe("TFC GET /api/v2/things: 200 response body was not valid JSON");
  });

  it("reports a malformed error body as an ApiError that says so", async () => {
    api().intercept({ path: "/api/v2/things", method: "POST" }).reply(502, "<html>SECRET-BODY</html>");
    const { core: http } = core();

    const error = await http.request({ method: "POST", path: "/things", body: {} }).catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("TFC POST /api/v2/things: 502 bad gateway — the error response body was not valid JSON");
  });

  it("masks configured and per-request secrets in API-supplied error text", async () => {
    api()
      .intercept({ path: "/api/v2/things", method: "POST" })
      .reply(400, { errors: [{ title: "bad TOKEN-1234", detail: "value BODY-SECRET-99 rejected" }] });
    const { core: http } = core({ sensitiveValues: () => ["TOKEN-1234"] });

    const error = await http
      .request({ method: "POST", path: "/things", body: { v: "BODY-SECRET-99" }, sensitiveValues: ["BODY-SECRET-99"] })
      .catch((e) => e);

    expect(error.title).toBe("bad [redacted]");
    expect(error.detail).toBe("value [redacted] rejected");
    expect(error.message).not.toMatch(/TOKEN-1234|BODY-SECRET-99/);
  });

  it("turns a shape mismatch found by the parser into a MalformedResponseError", async () => {
    api().intercept({ path: "/api/v2/things", method: "GET" }).reply(200, { data: 1 });
    const { core: http } = core();
    const { ShapeError } = await import("../../../src/http/json-shape");

    const error = await http
      .requestParsed({ method: "GET", path: "/things" }, () => {
        throw new ShapeError("data is not an object");
      })
      .catch((e) => e);

    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe(
      "TFC GET /api/v2/things: 200 response did not have the expected shape: data is not an object"
    );
  });
});

describe("rate limiting (429)", () => {
  it("waits for X-RateLimit-Reset (float seconds) and retries, for any method", async () => {
    api()
      .intercept({ path: "/api/v2/things", method: "POST" })
      .reply(
        429,
        { errors: [{ status: 429, title: "Too many requests" }] },
        { headers: { "x-ratelimit-reset": "0.25" } }
      );
    api().intercept({ path: "/api/v2/things", method: "POST" }).reply(201, { created: true });
    const { core: http, waits } = core({ random: () => 0 });

    const response = await http.request({ method: "POST", path: "/things", body: { n: 1 } });

    expect(response.body).toEqual({ created: true });
    expect(waits).toEqual([250]);
    expect(recordedCalls(agent).map((call) => call.body)).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it("honours Retry-After in seconds and as an HTTP date", async () => {
    const now = Date.UTC(2030, 0, 1, 0, 0, 0);
    api()
      .intercept({ path: "/api/v2/a", method: "GET" })
      .reply(429, "", { headers: { "retry-after": "3" } });
    api()
      .intercept({ path: "/api/v2/a", method: "GET" })
      .reply(429, "", { headers: { "retry-after": new Date(now + 7_000).toUTCString() } });
    api().intercept({ path: "/api/v2/a", method: "GET" }).reply(200, {});
    const { core: http, waits } = core({ random: () => 0, now: () => now });

    await http.request({ method: "GET", path: "/a" });

    expect(waits).toEqual([3_000, 7_000]);
  });

  it("gives up with the 429 ApiError after the configured number of rate-limited tries", async () => {
    api()
      .intercept({ path: "/api/v2/a", method: "GET" })
      .reply(
        429,
        { errors: [{ status: 429, title: "Too many requests" }] },
        { headers: { "x-ratelimit-reset": "0.1" } }
      )
      .times(3);
    const { core: http, waits } = core({ retry: { rateLimitAttempts: 3 } });

    const error = await http.request({ method: "GET", path: "/a" }).catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(waits).toHaveLength(2);
    expect(recordedCalls(agent)).toHaveLength(3);
  });
});

describe("pacing", () => {
  it("holds each attempt until the pacer has room, and tells the pacer what the response said", async () => {
    const spent = { "x-ratelimit-limit": "30", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.5" };
    api().intercept({ path: "/api/v2/a", method: "GET" }).reply(200, { n: 1 }, { headers: { ...JSON_HEADERS, ...spent } });
    api().intercept({ path: "/api/v2/b", method: "GET" }).reply(200, { n: 2 }, { headers: JSON_HEADERS });
    const clock = new FakeClock();
    const { core: http } = core({ pacer: new RequestPacer(clock) });

    await http.request({ method: "GET", path: "/a" });
    let second: unknown;
    const pending = http.request({ method: "GET", path: "/b" }).then((response) => (second = response.body));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recordedCalls(agent)).toHaveLength(1);

    clock.advance(500);
    await pending;
    expect(second).toEqual({ n: 2 });
    expect(recordedCalls(agent)).toHaveLength(2);
  });
});

describe("retries of GET and DELETE", () => {
  it("retries a 503 with capped exponential backoff and full jitter, then succeeds", async () => {
    api().intercept({ path: "/api/v2/a", method: "GET" }).reply(503, "").times(3);
    api().intercept({ path: "/api/v2/a", method: "GET" }).reply(200, { ok: 1 });
    const { core: http, waits } = core({ random: () => 0.5, retry: { baseDelayMs: 100, maxDelayMs: 300 } });

    await expect(http.request({ method: "GET", path: "/a" })).resolves.toMatchObject({ body: { ok: 1 } });

    // ceilings 100, 200, 300 (capped from 400); half of each with random() = 0.5
    expect(waits).toEqual([50, 100, 150]);
  });

  it("stops after maxAttempts and throws the last 5xx", async () => {
    api()
      .intercept({ path: "/api/v2/a", method: "DELETE" })
      .reply(500, { errors: [{ title: "boom" }] })
      .times(4);
    const { core: http, waits } = core({ retry: { maxAttempts: 4 } });

    const error = await http.request({ method: "DELETE", path: "/a" }).catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(500);
    expect(recordedCalls(agent)).toHaveLength(4);
    expect(waits).toHaveLength(3);
  });

  it("retries a connection reset", async () => {
    api().intercept({ path: "/api/v2/a", method: "GET" }).replyWithError(socketError("ECONNRESET"));
    api().intercept({ path: "/api/v2/a", method: "GET" }).reply(200, {});
    const { core: http } = core();

    await expect(http.request({ method: "GET", path: "/a" })).resolves.toMatchObject({ status: 200 });
    expect(recordedCalls(agent)).toHaveLength(2);
  });

  it("retries a timeout, then reports RequestTimeoutError when every try times out", async () => {
    api().intercept({ path: "/api/v2/slow", method: "GET" }).reply(200, {}).delay(300).times(2);
    const { core: http, waits } = core({ timeoutMs: 40, retry: { maxAttempts: 2 } });

    const error = await http.request({ method: "GET", path: "/slow" }).catch((e) => e);

    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toBe("TFC GET /api/v2/slow: no complete response within 40 ms");
    expect(waits).toHaveLength(1);
  });

  it("does not retry a 4xx", async () => {
    api()
      .intercept({ path: "/api/v2/a", method: "GET" })
      .reply(404, { errors: [{ title: "not found" }] });
    const { core: http, waits } = core();

    await expect(http.request({ method: "GET", path: "/a" })).rejects.toBeInstanceOf(ApiError);
    expect(waits).toEqual([]);
  });
});

describe("POST and PATCH are not blindly retried", () => {
  it.each([
    ["POST", 500],
    ["PATCH", 503],
  ] as const)("%s on %i is sent once", async (method, status) => {
    api().intercept({ path: "/api/v2/a", method }).reply(status, "");
    const { core: http, waits } = core();

    const error = await http.request({ method, path: "/a", body: {} }).catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(recordedCalls(agent)).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("does not retry a POST whose connection broke after sending", async () => {
    api().intercept({ path: "/api/v2/a", method: "POST" }).replyWithError(socketError("ECONNRESET"));
    const { core: http } = core();

    const error = await http.request({ method: "POST", path: "/a", body: {} }).catch((e) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ECONNRESET", requestSent: true });
    expect(recordedCalls(agent)).toHaveLength(1);
  });

  it("does not retry a POST that timed out", async () => {
    api().intercept({ path: "/api/v2/a", method: "POST" }).reply(201, {}).delay(300);
    const { core: http } = core({ timeoutMs: 40 });

    await expect(http.request({ method: "POST", path: "/a", body: {} })).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(recordedCalls(agent)).toHaveLength(1);
  });

  it("retries a POST whose connection was refused, since it never reached the server", async () => {
    api().intercept({ path: "/api/v2/a", method: "POST" }).replyWithError(socketError("ECONNREFUSED"));
    api().intercept({ path: "/api/v2/a", method: "POST" }).reply(201, { ok: 1 });
    const { core: http } = core();

    await expect(http.request({ method: "POST", path: "/a", body: {} })).resolves.toMatchObject({ status: 201 });
    expect(recordedCalls(agent)).toHaveLength(2);
  });

  it("retries a POST marked retrySafe like a GET", async () => {
    api().intercept({ path: "/api/v2/login", method: "POST" }).reply(503, "");
    api().intercept({ path: "/api/v2/login", method: "POST" }).reply(200, { ok: 1 });
    const { core: http } = core();

    await expect(http.request({ method: "POST", path: "/login", body: {}, retrySafe: true })).resolves.toMatchObject({
      status: 200,
    });
  });
});

describe("request log hook", () => {
  it("reports each attempt with method, path, status, duration and retry delay, without headers", async () => {
    api().intercept({ path: "/api/v2/a", method: "GET" }).reply(503, "");
    api().intercept({ path: "/api/v2/a", method: "GET" }).reply(200, {});
    let clock = 1_000;
    const { core: http, events } = core({ now: () => (clock += 5), random: () => 0.5 });

    await http.request({ method: "GET", path: "/a", headers: { authorization: "Bearer SECRET-LOG" } });

    expect(events).toEqual([
      { service: "tfc", method: "GET", path: "/api/v2/a", attempt: 1, status: 503, durationMs: 5, retryInMs: 50 },
      {
        service: "tfc",
        method: "GET",
        path: "/api/v2/a",
        attempt: 2,
        status: 200,
        durationMs: 5,
        retryInMs: undefined,
      },
    ]);
    expect(JSON.stringify(events)).not.toContain("SECRET-LOG");
  });

  it("reports network failures by code and survives a throwing logger", async () => {
    api().intercept({ path: "/api/v2/a", method: "POST" }).replyWithError(socketError("ECONNRESET"));
    const codes: (string | undefined)[] = [];
    const { core: http } = core({
      onRequest: (event) => {
        codes.push(event.errorCode);
        throw new Error("logger broke");
      },
    });

    await expect(http.request({ method: "POST", path: "/a", body: {} })).rejects.toBeInstanceOf(NetworkError);
    expect(codes).toEqual(["ECONNRESET"]);
  });
});

describe("timeout covers the response body (real loopback server)", () => {
  let server: Server;
  let dispatcher: Agent;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"partial":');
      // never ends: the body stalls after the headers
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    dispatcher = new Agent();
  });

  afterAll(async () => {
    await dispatcher.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("aborts a body that stops arriving", async () => {
    const { port } = server.address() as AddressInfo;
    const http = new HttpCore({
      service: "infisical",
      baseUrl: new URL(`http://127.0.0.1:${port}`),
      headers: {},
      contentType: "application/json",
      dispatcher,
      timeoutMs: 100,
      retry: { maxAttempts: 1 },
    });

    const error = await http.request({ method: "GET", path: "/stall" }).catch((e) => e);

    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toBe("Infisical GET /stall: no complete response within 100 ms");
  });
});
