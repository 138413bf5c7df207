import { request } from "undici";
import { attributes, call, useEmulator } from "./support";

const emulator = useEmulator();
const tfc = (path: string) => `${emulator().url}/api/v2${path}`;
const accountDetails = () => call("GET", tfc("/account/details"), { token: emulator().seeded.ownerUserToken });

describe("fault injection", () => {
  test("status: the API's own error body by default, or the given body; once by default", async () => {
    emulator().faults.add({ path: "/api/v2/account/details", fault: { kind: "status", status: 503 } });
    const failed = await accountDetails();
    expect(failed.status).toBe(503);
    expect(failed.json).toEqual({ errors: [{ status: "503", title: "service unavailable" }] });
    expect((await accountDetails()).status).toBe(200);

    emulator().faults.add({ method: "post", path: "/api/v1/auth/universal-auth/login", fault: { kind: "status", status: 500 } });
    const infisical = await call("POST", `${emulator().url}/api/v1/auth/universal-auth/login`, { body: {} });
    expect(infisical.json).toMatchObject({ statusCode: 500, error: "InternalServerError", message: "Internal Server Error" });

    emulator().faults.add({ path: "/api/v2/account/details", fault: { kind: "status", status: 502, body: { custom: true } } });
    expect((await accountDetails()).json).toEqual({ custom: true });
    const entry = emulator().requestLog().at(-1);
    expect(entry).toMatchObject({ status: 502, fault: "status" });
  });

  test("method, RegExp path, after and times select which requests fail", async () => {
    emulator().faults.add({ method: "GET", path: /^\/api\/v2\/account\//, fault: { kind: "status", status: 500 }, after: 1, times: 2 });
    expect(emulator().faults.list()).toEqual([
      { method: "GET", path: "^\\/api\\/v2\\/account\\/", pathIsPattern: true, fault: { kind: "status", status: 500 }, remaining: 2, skipping: 1 },
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await accountDetails()).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
    expect(emulator().faults.list()).toEqual([]);
    emulator().faults.add({ path: "/api/v2/account/details", fault: { kind: "status", status: 500 }, times: Infinity });
    expect((await accountDetails()).status).toBe(500);
    expect((await accountDetails()).status).toBe(500);
    emulator().faults.clear();
    expect((await accountDetails()).status).toBe(200);
    expect(() => emulator().faults.add({ path: "/x", fault: { kind: "status", status: 99 } })).toThrow(RangeError);
    expect(() => emulator().faults.add({ path: "/x", fault: { kind: "status", status: 500 }, times: 0 })).toThrow(RangeError);
  });

  test("reset: the connection breaks and no work is done", async () => {
    const { seeded } = emulator();
    const path = `/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-tokens`;
    emulator().faults.add({ path, fault: { kind: "reset" } });
    await expect(call("POST", tfc(path.slice(7)), { token: seeded.ownerUserToken, body: attributes({ description: "lost" }) })).rejects.toThrow();
    expect(emulator().inventory().teamTokens.map((token) => token.description)).not.toContain("lost");
    expect(emulator().requestLog().at(-1)).toMatchObject({ status: null, fault: "reset" });
  });

  test("drop-response: the work is done, then the socket is destroyed", async () => {
    const { seeded } = emulator();
    const path = `/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-tokens`;
    emulator().faults.add({ path, fault: { kind: "drop-response" } });
    await expect(call("POST", tfc(path.slice(7)), { token: seeded.ownerUserToken, body: attributes({ description: "ambiguous" }) })).rejects.toThrow();
    expect(emulator().inventory().teamTokens.map((token) => token.description)).toContain("ambiguous");
    expect(emulator().requestLog().at(-1)).toMatchObject({ status: 201, fault: "drop-response" });
  });

  test("malformed: the work is done and its status sent with a cut-off body", async () => {
    const { seeded } = emulator();
    const path = `/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-tokens`;
    emulator().faults.add({ path, fault: { kind: "malformed" } });
    const response = await call("POST", tfc(path.slice(7)), { token: seeded.ownerUserToken, body: attributes({ description: "garbled" }) });
    expect(response.status).toBe(201);
    expect(response.headers["content-type"]).toBe("application/vnd.api+json");
    expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
    expect(response.text).not.toContain("atlasv1");
    expect(emulator().inventory().teamTokens.map((token) => token.description)).toContain("garbled");
    emulator().faults.add({ path: `/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-token`, method: "DELETE", fault: { kind: "malformed" } });
    const emptied = await call("DELETE", tfc(`/teams/${seeded.nonOwnerTeamId}/authentication-token`), { token: seeded.ownerUserToken });
    expect(emptied.status).toBe(200);
    expect(() => JSON.parse(emptied.text)).toThrow(SyntaxError);
  });

  test("hang with ms delays the answer; hang without ms holds it until the client gives up", async () => {
    emulator().faults.add({ path: "/api/v2/account/details", fault: { kind: "hang", ms: 300 } });
    const started = performance.now();
    expect((await accountDetails()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    emulator().faults.add({ path: "/api/v2/account/details", fault: { kind: "hang" } });
    await expect(
      request(tfc("/account/details"), { headers: { authorization: `Bearer ${emulator().seeded.ownerUserToken}` }, headersTimeout: 300 }),
    ).rejects.toMatchObject({ code: "UND_ERR_HEADERS_TIMEOUT" });
    for (let i = 0; i < 50 && emulator().requestLog().at(-1)?.fault !== "hang"; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emulator().requestLog().at(-1)).toMatchObject({ status: null, fault: "hang" });
  });

  test("rate-limit: a 429 in the API's own style", async () => {
    emulator().faults.add({ path: "/api/v2/account/details", fault: { kind: "rate-limit", resetSeconds: 2.5 } });
    const limited = await accountDetails();
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: "Too many requests" }] });
    expect(limited.headers).toMatchObject({ "x-ratelimit-limit": "30", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2.500" });
    emulator().faults.add({ path: "/api/v1/app-connections/heroku", fault: { kind: "rate-limit", resetSeconds: 2.5 } });
    const infisical = await call("GET", `${emulator().url}/api/v1/app-connections/heroku`);
    expect(infisical.json).toMatchObject({ statusCode: 429, error: "RateLimitExceeded", message: "Rate limit exceeded. Please try again in 3 seconds" });
    expect(infisical.headers["retry-after"]).toBe("3");
  });
});

describe("rate limit (30 requests per second per principal)", () => {
  test("a burst gets 429s with the limit headers, other principals are unaffected, and it recovers after the reset", async () => {
    const { seeded } = emulator();
    // Three times the budget, so even a slow, loaded machine cannot spread it over enough windows to avoid 429s.
    const burst = await Promise.all(Array.from({ length: 90 }, () => accountDetails()));
    const limited = burst.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(burst.filter((response) => response.status === 200).every((response) => response.headers["x-ratelimit-limit"] === "30")).toBe(true);
    const sample = limited[0];
    expect(sample.json).toEqual({ errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: "Too many requests" }] });
    expect(sample.headers["x-ratelimit-remaining"]).toBe("0");
    expect(sample.headers["x-ratelimit-reset"]).toMatch(/^[01]\.\d{3}$/);

    expect((await call("GET", tfc("/account/details"), { token: seeded.nonOwnerTeamToken })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, Number(sample.headers["x-ratelimit-reset"]) * 1000 + 50));
    const recovered = await accountDetails();
    expect(recovered.status).toBe(200);
    expect(Number(recovered.headers["x-ratelimit-remaining"])).toBeGreaterThan(0);
  });

  test("setRateLimit changes the budget; successful responses count it down", async () => {
    emulator().setRateLimit(3);
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await accountDetails();
      statuses.push(response.status);
      remaining.push(response.headers["x-ratelimit-remaining"]);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining).toEqual(["2", "1", "0", "0"]);
    expect(() => emulator().setRateLimit(0)).toThrow(RangeError);
  });
});

test("injected latency delays every API request", async () => {
  emulator().setLatency(250);
  const started = performance.now();
  expect((await accountDetails()).status).toBe(200);
  expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  expect(emulator().requestLog().at(-1)!.durationMs).toBeGreaterThanOrEqual(240);
  expect(() => emulator().setLatency(-1)).toThrow(RangeError);
});
