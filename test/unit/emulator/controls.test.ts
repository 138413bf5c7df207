import { readFileSync } from "node:fs";
import { Agent } from "undici";
import { startEmulator } from "../../../src/emulator";
import { attributes, call, useEmulator } from "./support";

const emulator = useEmulator();
const admin = (path: string) => `${emulator().url}/__admin${path}`;

async function loginToInfisical(): Promise<string> {
  const { infisical } = emulator().seeded;
  return (await call("POST", `${emulator().url}/api/v1/auth/universal-auth/login`, { body: { clientId: infisical.clientId, clientSecret: infisical.clientSecret } }))
    .json.accessToken;
}

describe("request log", () => {
  test("records method, path, query, status, times and the caller's token id, with every secret redacted", async () => {
    const { seeded, url } = emulator();
    const created = await call("POST", `${url}/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-tokens?include=team`, {
      token: seeded.ownerUserToken,
      body: attributes({ description: "logged" }),
    });
    const accessToken = await loginToInfisical();
    await call("POST", `${url}/api/v1/app-connections/terraform-cloud`, {
      token: accessToken,
      body: { name: "logged", method: "api-token", credentials: { apiToken: created.json.data.attributes.token } },
    });

    const log = emulator().requestLog();
    expect(log.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `POST /api/v2/teams/${seeded.nonOwnerTeamId}/authentication-tokens`,
      "POST /api/v1/auth/universal-auth/login",
      "POST /api/v1/app-connections/terraform-cloud",
      "GET /api/v2/organizations",
    ]);
    expect(log[0]).toMatchObject({
      api: "tfc",
      query: { include: "team" },
      status: 201,
      identity: { kind: "tfc-user-token" },
      requestBody: { data: { attributes: { description: "logged" } } },
      responseBody: { data: { attributes: { token: "[redacted]" } } },
    });
    expect(log[0].finishedAt).toBeGreaterThanOrEqual(log[0].startedAt);
    expect(log[2].requestBody).toMatchObject({ credentials: { apiToken: "[redacted]" } });
    expect(log[3].identity).toEqual({ kind: "tfc-team-token", id: created.json.data.id });
    const everything = JSON.stringify(log);
    for (const secret of [created.json.data.attributes.token, accessToken, seeded.ownerUserToken, seeded.infisical.clientSecret]) {
      expect(everything).not.toContain(secret);
    }
    expect(emulator().requestLog(log[1].seq).map((entry) => entry.seq)).toEqual([log[2].seq, log[3].seq]);
  });
});

describe("history", () => {
  test("orders creations, updates and revocations, so a rotation can be checked step by step", async () => {
    const { seeded, url } = emulator();
    const accessToken = await loginToInfisical();
    const connection = (
      await call("POST", `${url}/api/v1/app-connections/terraform-cloud`, {
        token: accessToken,
        body: { name: "rotating", method: "api-token", credentials: { apiToken: seeded.nonOwnerTeamToken } },
      })
    ).json.appConnection;
    const next = await call("POST", `${url}/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-tokens`, {
      token: seeded.ownerUserToken,
      body: attributes({ description: "next" }),
    });
    await call("PATCH", `${url}/api/v1/app-connections/terraform-cloud/${connection.id}`, {
      token: accessToken,
      body: { credentials: { apiToken: next.json.data.attributes.token } },
    });
    await call("DELETE", `${url}/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-token`, { token: seeded.ownerUserToken });

    const events = emulator().history();
    const created = events.find((event) => event.action === "create" && event.id === next.json.data.id)!;
    const repointed = events.find((event) => event.action === "update" && event.id === connection.id)!;
    const revoked = events.find((event) => event.action === "revoke" && event.id === seeded.nonOwnerTeamTokenId)!;
    expect(created.seq).toBeLessThan(repointed.seq);
    expect(repointed.details).toMatchObject({ credentialsRef: next.json.data.id, credentialsChanged: true });
    expect(repointed.seq).toBeLessThan(revoked.seq);
    expect(revoked.details).toMatchObject({ reason: "deleted", teamId: seeded.nonOwnerTeamId, legacy: true });
    expect(emulator().inventory().appConnections[0].credentialsRef).toEqual({ service: "tfc", tokenId: next.json.data.id, valid: true });
  });
});

describe("reset", () => {
  test("restores the seeded state, clock, faults, latency and rate limit; seeded secrets stay valid", async () => {
    const { seeded, url } = emulator();
    const ids = () => Object.values(emulator().inventory()).flatMap((items: { id: string }[]) => items.map((item) => item.id));
    const before = ids();
    const seededCreate = emulator().history().length;
    await call("DELETE", `${url}/api/v2/teams/${seeded.nonOwnerTeamId}/authentication-token`, { token: seeded.ownerUserToken });
    emulator().clock.advance(10 ** 9);
    emulator().faults.add({ path: "/x", fault: { kind: "reset" } });
    // Far longer than call()'s 5 s timeout: the request below completes only if reset removed it.
    emulator().setLatency(60_000);
    emulator().setRateLimit(1);
    emulator().reset();
    expect(ids()).toEqual(before);
    expect(emulator().history()).toHaveLength(seededCreate);
    expect(Math.abs(emulator().clock.now() - Date.now())).toBeLessThan(5000);
    expect(emulator().faults.list()).toEqual([]);
    expect(emulator().requestLog()).toEqual([]);
    const account = await call("GET", `${url}/api/v2/account/details`, { token: seeded.nonOwnerTeamToken });
    expect(account.status).toBe(200);
    expect(account.headers["x-ratelimit-limit"]).toBe("30");
  });
});

describe("admin API under /__admin", () => {
  test("seed, inventory, requests, history and clock over HTTP; admin calls are not logged", async () => {
    const { seeded } = emulator();
    const seed = await call("GET", admin("/seed"));
    expect(seed.json).toMatchObject({ seeded, url: emulator().url, tfcAddress: emulator().url, infisicalHost: emulator().url, herokuUrl: emulator().herokuUrl });
    await call("GET", `${emulator().url}/api/v2/ping`);
    expect((await call("GET", admin("/inventory"))).json).toEqual(emulator().inventory());
    const requests = (await call("GET", admin("/requests"))).json.requests;
    expect(requests.map((entry: { path: string }) => entry.path)).toEqual(["/api/v2/ping"]);
    expect((await call("GET", admin(`/requests?after=${requests[0].seq}`))).json.requests).toEqual([]);
    expect((await call("GET", admin("/history"))).json.events.length).toBe(emulator().history().length);

    const before = (await call("GET", admin("/clock"))).json.nowMs;
    const advanced = await call("POST", admin("/clock/advance"), { body: { ms: 86_400_000 } });
    expect(advanced.json.nowMs - before).toBeGreaterThanOrEqual(86_400_000);
    expect(new Date(advanced.json.now).getTime()).toBe(advanced.json.nowMs);
    expect((await call("POST", admin("/clock/advance"), { body: { ms: -1 } })).status).toBe(400);
    expect(emulator().requestLog()).toHaveLength(1);
  });

  test("faults, latency, rate limit and reset over HTTP", async () => {
    const added = await call("POST", admin("/faults"), {
      body: { method: "GET", path: { regex: "^/api/v2/account" }, fault: { kind: "status", status: 418 }, times: null },
    });
    expect(added.status).toBe(201);
    expect(added.json.faults).toEqual([expect.objectContaining({ pathIsPattern: true, remaining: null })]);
    const account = () => call("GET", `${emulator().url}/api/v2/account/details`, { token: emulator().seeded.ownerUserToken });
    expect((await account()).status).toBe(418);
    expect((await account()).status).toBe(418);
    expect((await call("DELETE", admin("/faults"))).status).toBe(204);
    expect((await account()).status).toBe(200);
    expect((await call("POST", admin("/faults"), { body: { path: "/x", fault: { kind: "explode" } } })).status).toBe(400);
    expect((await call("POST", admin("/faults"), { body: { path: { regex: "(" }, fault: { kind: "reset" } } })).status).toBe(400);

    expect((await call("POST", admin("/latency"), { body: { ms: 150 } })).json).toEqual({ latencyMs: 150 });
    const started = performance.now();
    await account();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect((await call("POST", admin("/rate-limit"), { body: { perSecond: 1 } })).status).toBe(200);
    expect((await account()).status).toBe(429);
    expect((await call("POST", admin("/reset"))).status).toBe(204);
    expect((await account()).status).toBe(200);
    expect((await call("GET", admin("/nothing"))).status).toBe(404);
  });
});

describe("HTTPS", () => {
  test("serves the same APIs over TLS with a self-signed certificate for 127.0.0.1 and localhost, trusted via caCertPath", async () => {
    const secure = await startEmulator({ seed: "https-test" });
    const trusting = new Agent({ connect: { ca: readFileSync(secure.caCertPath!, "utf8") } });
    const untrusting = new Agent();
    try {
      expect(secure.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(secure.tfcHostname).toBe(secure.httpsUrl!.replace("https://", ""));
      const discovery = await call("GET", `${secure.httpsUrl}/.well-known/terraform.json`, { dispatcher: trusting });
      expect(discovery.json["tfe.v2.2"]).toBe("/api/v2/");
      const viaLocalhost = await call("GET", `${secure.httpsUrl!.replace("127.0.0.1", "localhost")}/api/v2/account/details`, {
        dispatcher: trusting,
        token: secure.seeded.ownerUserToken,
      });
      expect(viaLocalhost.status).toBe(200);
      await expect(call("GET", `${secure.httpsUrl}/api/v2/ping`, { dispatcher: untrusting })).rejects.toThrow(/self[- ]signed/i);
      const links = await call("GET", `${secure.httpsUrl}/api/v2/organizations`, { dispatcher: trusting, token: secure.seeded.ownerUserToken });
      expect(links.json.links.self).toMatch(/^https:\/\/127\.0\.0\.1:/);
    } finally {
      await Promise.all([trusting.close(), untrusting.close()]);
      await secure.close();
    }
    expect(() => readFileSync(secure.caCertPath!)).toThrow();
  });
});
