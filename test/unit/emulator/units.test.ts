import { FaultInjector } from "../../../src/emulator/control/faults";
import { FixedWindowRateLimiter } from "../../../src/emulator/control/rate-limiter";
import { redactSecrets } from "../../../src/emulator/control/redact";
import { REQUEST_LOG_CAPACITY, RequestLog, type RequestLogEntry } from "../../../src/emulator/control/request-log";
import { Router } from "../../../src/emulator/http/router";
import { signJwt, verifyJwt } from "../../../src/emulator/infisical/jwt";
import { SeededRandom } from "../../../src/emulator/random";
import { createWorld } from "../../../src/emulator/world";

describe("SeededRandom", () => {
  test("the same seed gives the same sequence; different seeds differ", () => {
    const a = new SeededRandom("s");
    const b = new SeededRandom("s");
    expect([a.alphanumeric(30), a.hex(8), a.uuid()]).toEqual([b.alphanumeric(30), b.hex(8), b.uuid()]);
    expect(new SeededRandom("t").alphanumeric(30)).not.toBe(new SeededRandom("s").alphanumeric(30));
  });

  test("formats: alphanumeric of the asked length, version-4 UUIDs", () => {
    const random = new SeededRandom("formats");
    for (let i = 0; i < 50; i++) {
      expect(random.alphanumeric(67)).toMatch(/^[A-Za-z0-9]{67}$/);
      expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  test("a seeded world is reproducible", () => {
    const now = () => 1_700_000_000_000;
    expect(createWorld("w", now).seeded).toEqual(createWorld("w", now).seeded);
    expect(createWorld("w", now).seeded.ownerUserToken).not.toBe(createWorld("x", now).seeded.ownerUserToken);
  });
});

describe("FaultInjector", () => {
  test("rules match in order and are consumed", () => {
    const faults = new FaultInjector();
    faults.add({ path: "/a", fault: { kind: "reset" } });
    faults.add({ path: /^\/a/g, fault: { kind: "malformed" }, times: 2 });
    expect(faults.take("GET", "/b")).toBeUndefined();
    expect(faults.take("GET", "/a")?.kind).toBe("reset");
    expect(faults.take("GET", "/a")?.kind).toBe("malformed");
    expect(faults.take("GET", "/ab")?.kind).toBe("malformed");
    expect(faults.take("GET", "/a")).toBeUndefined();
  });

  test("invalid rules are refused", () => {
    const faults = new FaultInjector();
    expect(() => faults.add({ path: "/a", fault: { kind: "hang", ms: -1 } })).toThrow(RangeError);
    expect(() => faults.add({ path: "/a", fault: { kind: "rate-limit", resetSeconds: Number.NaN } })).toThrow(RangeError);
    expect(() => faults.add({ path: "/a", fault: { kind: "nope" } as never })).toThrow(TypeError);
    expect(() => faults.add({ path: "/a", fault: { kind: "reset" }, after: 1.5 })).toThrow(RangeError);
    expect(() => faults.add({ path: 7 as never, fault: { kind: "reset" } })).toThrow(TypeError);
    for (let i = 0; i < 100; i++) faults.add({ path: `/${i}`, fault: { kind: "reset" } });
    expect(() => faults.add({ path: "/101", fault: { kind: "reset" } })).toThrow(RangeError);
  });
});

describe("FixedWindowRateLimiter", () => {
  test("allows `limit` per key per second, then 429 until the window resets", () => {
    let now = 0;
    const limiter = new FixedWindowRateLimiter(2, () => now);
    expect(limiter.consume("a")).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 1 });
    now = 400;
    expect(limiter.consume("a").remaining).toBe(0);
    expect(limiter.consume("a")).toEqual({ allowed: false, limit: 2, remaining: 0, resetSeconds: 0.6 });
    expect(limiter.consume("b").allowed).toBe(true);
    now = 1000;
    expect(limiter.consume("a").allowed).toBe(true);
    expect(() => new FixedWindowRateLimiter(1.5)).toThrow(RangeError);
  });
});

describe("redaction and the request log", () => {
  test("credential-valued keys are redacted at any depth; other values are kept", () => {
    expect(
      redactSecrets({ token: "s", data: [{ attributes: { token: null, apiToken: "x" } }], credentials: { authToken: "y" }, clientSecret: "z", keep: "v" }),
    ).toEqual({ token: "[redacted]", data: [{ attributes: { token: null, apiToken: "[redacted]" } }], credentials: { authToken: "[redacted]" }, clientSecret: "[redacted]", keep: "v" });
  });

  test("the log is bounded and notes oversized bodies instead of keeping them", () => {
    const log = new RequestLog();
    const entry = (seq: number, body?: unknown): RequestLogEntry => ({
      seq,
      api: "tfc",
      method: "GET",
      path: "/",
      query: {},
      status: 200,
      startedAt: 0,
      finishedAt: 0,
      durationMs: 0,
      identity: null,
      responseBody: body,
    });
    for (let i = 0; i <= REQUEST_LOG_CAPACITY; i++) log.record(entry(log.nextSeq()));
    const entries = log.entries();
    expect(entries).toHaveLength(REQUEST_LOG_CAPACITY);
    expect(entries[0].seq).toBe(2);
    log.record(entry(log.nextSeq(), { big: "x".repeat(20_000) }));
    expect(log.entries().at(-1)!.responseBody).toMatch(/^\[body of \d+ characters not logged\]$/);
  });
});

describe("Router", () => {
  test("captures and decodes parameters; methods and segment counts must match", () => {
    const router = new Router<null>().add("GET", "/teams/:teamId/authentication-token", () => ({ status: 200 }));
    expect(router.match("GET", "/teams/team%2Dx/authentication-token")?.params).toEqual({ teamId: "team-x" });
    expect(router.match("POST", "/teams/x/authentication-token")).toBeUndefined();
    expect(router.match("GET", "/teams/x")).toBeUndefined();
    expect(router.match("GET", "/teams/%E0%A4%A/authentication-token")).toBeUndefined();
  });
});

describe("access-token JWTs", () => {
  const key = Buffer.alloc(32, 7);
  const claims = { identityId: "i", clientSecretId: "c", identityAccessTokenId: "t", authTokenType: "identityAccessToken" as const, iat: 100, exp: 200 };

  test("verify accepts a valid token and reports malformed, tampered and expired ones", () => {
    const token = signJwt(claims, key);
    expect(verifyJwt(token, key, 150_000)).toEqual(claims);
    expect(verifyJwt(token, key, 200_000)).toBe("jwt expired");
    expect(verifyJwt(token, Buffer.alloc(32, 8), 150_000)).toBe("invalid signature");
    expect(verifyJwt("a.b", key, 0)).toBe("jwt malformed");
    expect(verifyJwt(`${token.split(".")[0]}.bm90LWpzb24.${token.split(".")[2]}`, key, 0)).toBe("jwt malformed");
  });
});
