import {
  futureRfc3339,
  hostname,
  isLoopbackHost,
  lengthBetween,
  organizationName,
  parseDuration,
  parseRfc3339,
  positiveDuration,
  secureUrl,
  slug,
  teamId,
  tokenId,
  uuid,
} from "../../../src/schema/validators";

describe("slug", () => {
  it.each(["a", "tfc-prod", "a1-b2-c3", "x".repeat(64)])("accepts %s", (value) => {
    expect(slug(value)).toBeUndefined();
  });
  it.each(["", "-a", "a-", "a--b", "Abc", "a_b", "a b", "ä"])("rejects %p", (value) => {
    expect(slug(value)).toMatch(/must be a slug/);
  });
});

describe("lengthBetween", () => {
  const check = lengthBetween(1, 4);
  it("reports empty, too long and accepts the bounds", () => {
    expect(check("")).toBe("must not be empty");
    expect(check("abcde")).toBe("must be at most 4 characters long (got 5)");
    expect(check("a")).toBeUndefined();
    expect(check("abcd")).toBeUndefined();
    expect(lengthBetween(3, 9)("ab")).toBe("must be at least 3 characters long");
  });
});

describe("id shapes", () => {
  it("checks team ids, token ids, organization names and UUIDs", () => {
    expect(teamId("team-AbCdEfGh12345678")).toBeUndefined();
    expect(teamId("team-short")).toMatch(/team id/);
    expect(teamId("at-AbCdEfGh12345678")).toMatch(/team id/);
    expect(tokenId("at-AbCdEfGh12345678")).toBeUndefined();
    expect(tokenId("team-AbCdEfGh12345678")).toMatch(/token id/);
    expect(organizationName("acme_corp-1")).toBeUndefined();
    expect(organizationName("acme corp")).toMatch(/organization name/);
    expect(organizationName("x".repeat(41))).toMatch(/organization name/);
    expect(uuid("7ffbb072-2575-495a-b5b0-127f88caef78")).toBeUndefined();
    expect(uuid("7ffbb072")).toMatch(/UUID/);
  });
});

describe("RFC 3339", () => {
  it("parses valid timestamps and rejects impossible dates", () => {
    expect(parseRfc3339("2027-01-31T00:00:00Z")?.toISOString()).toBe("2027-01-31T00:00:00.000Z");
    expect(parseRfc3339("2027-01-31T02:00:00.5+02:00")?.toISOString()).toBe("2027-01-31T00:00:00.500Z");
    expect(parseRfc3339("2027-02-30T00:00:00Z")).toBeUndefined();
    expect(parseRfc3339("2027-01-31")).toBeUndefined();
    expect(parseRfc3339("2027-01-31 00:00:00Z")).toBeUndefined();
  });

  it("requires a future time", () => {
    const now = () => Date.parse("2026-11-23T00:00:00Z");
    const check = futureRfc3339(now);
    expect(check("2026-11-24T00:00:00Z")).toBeUndefined();
    expect(check("2026-11-23T00:00:00Z")).toBe("must be in the future (got 2026-11-23T00:00:00Z)");
    expect(check("tomorrow")).toMatch(/must be an RFC 3339 timestamp/);
  });
});

describe("durations", () => {
  it("parses Go durations plus days", () => {
    expect(parseDuration("720h")).toBe(720 * 3_600_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("30d")).toBe(30 * 86_400_000);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("1 h")).toBeUndefined();
    expect(parseDuration("h")).toBeUndefined();
    expect(parseDuration("-1h")).toBeUndefined();
    expect(parseDuration("")).toBeUndefined();
  });
  it("rejects zero and malformed durations", () => {
    expect(positiveDuration("0s")).toBe('must be longer than zero (got "0s")');
    expect(positiveDuration("a week")).toMatch(/must be a duration/);
    expect(positiveDuration("1w")).toMatch(/must be a duration/);
    expect(positiveDuration("2h")).toBeUndefined();
  });
});

describe("URLs and hosts", () => {
  it("allows plain http only on loopback", () => {
    expect(secureUrl("https://app.terraform.io")).toBeUndefined();
    expect(secureUrl("http://127.0.0.1:8080")).toBeUndefined();
    expect(secureUrl("http://localhost:8080")).toBeUndefined();
    expect(secureUrl("http://[::1]:8080")).toBeUndefined();
    expect(secureUrl("http://tfe.internal.example")).toMatch(/plain http is only allowed on a loopback host/);
    expect(secureUrl("ftp://x")).toMatch(/http\(s\) URL/);
    expect(secureUrl("app.terraform.io")).toMatch(/absolute URL/);
    expect(isLoopbackHost("127.10.0.1")).toBe(true);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
  });
  it("checks host names", () => {
    expect(hostname("app.terraform.io")).toBeUndefined();
    expect(hostname("127.0.0.1:8443")).toBeUndefined();
    expect(hostname("https://app.terraform.io")).toMatch(/without scheme or path/);
  });
});

import { nonBlank, trimmed } from "../../../src/schema/validators";

describe("whitespace", () => {
  it("rejects values the APIs would trim", () => {
    expect(trimmed("plain text")).toBeUndefined();
    expect(trimmed(" leading")).toMatch(/must not start or end with whitespace/);
    expect(trimmed("trailing\n")).toMatch(/must not start or end with whitespace/);
  });
  it("rejects blank values without echoing them", () => {
    expect(nonBlank("x")).toBeUndefined();
    expect(nonBlank(" padded ")).toBeUndefined();
    expect(nonBlank("")).toBe("must not be empty or only whitespace");
    expect(nonBlank(" \t\n")).toBe("must not be empty or only whitespace");
  });
});
