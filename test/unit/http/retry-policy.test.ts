import { backoffDelay, DEFAULT_RETRY_SETTINGS, rateLimitDelay } from "../../../src/http/retry-policy";

const settings = { ...DEFAULT_RETRY_SETTINGS, baseDelayMs: 100, maxDelayMs: 3_000, maxRateLimitWaitMs: 10_000 };
const NOW = Date.UTC(2030, 5, 1);

describe("backoffDelay", () => {
  it("doubles the ceiling per failure up to the cap", () => {
    const ceiling = (failures: number) => backoffDelay(failures, settings, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 10].map(ceiling)).toEqual([99, 199, 399, 799, 1599, 2999, 2999]);
  });

  it("is uniform jitter from zero", () => {
    expect(backoffDelay(3, settings, () => 0)).toBe(0);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(200);
  });
});

describe("rateLimitDelay", () => {
  const noJitter = () => 0;

  it("uses X-RateLimit-Reset as float seconds, rounding up to whole milliseconds", () => {
    expect(rateLimitDelay({ "x-ratelimit-reset": "0.1234" }, 1, settings, NOW, noJitter)).toBe(124);
  });

  it("prefers X-RateLimit-Reset over Retry-After", () => {
    expect(rateLimitDelay({ "x-ratelimit-reset": "2", "retry-after": "9" }, 1, settings, NOW, noJitter)).toBe(2_000);
  });

  it("reads Retry-After as seconds or as an HTTP date (never negative)", () => {
    expect(rateLimitDelay({ "retry-after": "4" }, 1, settings, NOW, noJitter)).toBe(4_000);
    expect(rateLimitDelay({ "retry-after": new Date(NOW + 1_500).toUTCString() }, 1, settings, NOW, noJitter)).toBe(
      1_000
    );
    expect(rateLimitDelay({ "retry-after": new Date(NOW - 60_000).toUTCString() }, 1, settings, NOW, noJitter)).toBe(0);
  });

  it("caps what the server asks for and adds up to one base step of jitter", () => {
    expect(rateLimitDelay({ "x-ratelimit-reset": "3600" }, 1, settings, NOW, noJitter)).toBe(10_000);
    expect(rateLimitDelay({ "x-ratelimit-reset": "1" }, 1, settings, NOW, () => 0.5)).toBe(1_050);
  });

  it("falls back to backoff when no header is usable", () => {
    expect(rateLimitDelay({}, 2, settings, NOW, () => 0.5)).toBe(100);
    expect(rateLimitDelay({ "x-ratelimit-reset": "soon", "retry-after": "later" }, 1, settings, NOW, () => 0.5)).toBe(
      50
    );
  });
});
