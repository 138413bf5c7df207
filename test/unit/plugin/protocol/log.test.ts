import { createLogger, formatLine, hclogTimestamp, logThreshold, REDACTED } from "../../../../src/plugin/protocol/log";

const TIME = new Date("2026-03-04T05:06:07.089Z");

function capture(env: NodeJS.ProcessEnv) {
  const lines: string[] = [];
  const log = createLogger({ module: "provider.test", env, write: (line) => lines.push(line), now: () => TIME });
  return { log, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("hclog lines", () => {
  it("writes one JSON object per line with the hclog keys", () => {
    const { log, lines, parsed } = capture({ TF_LOG: "DEBUG" });
    log.info("hello", { resource: "r", count: 2, big: 2n ** 64n, flag: true, none: null, skipped: undefined });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith("}\n")).toBe(true);
    expect(parsed()[0]).toEqual({
      "@level": "info",
      "@message": "hello",
      "@module": "provider.test",
      "@timestamp": "2026-03-04T05:06:07.089000Z",
      resource: "r",
      count: 2,
      big: "18446744073709551616",
      flag: true,
      none: null,
    });
  });

  it("uses exactly six fractional digits, as Go's hclog layout requires", () => {
    expect(hclogTimestamp(TIME)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(hclogTimestamp(new Date("2026-01-01T00:00:00.000Z"))).toBe("2026-01-01T00:00:00.000000Z");
  });

  it("does not let fields replace the hclog keys", () => {
    const line = JSON.parse(formatLine("warn", "m", "mod", TIME, { "@level": "error", "@message": "forged" }));
    expect(line["@level"]).toBe("warn");
    expect(line["@message"]).toBe("m");
  });
});

describe("secret redaction", () => {
  it.each(["token", "apiToken", "authToken", "accessToken", "TFE_TOKEN", "secret", "clientSecret", "client_secret", "password", "Passwd", "credential", "credentials", "private_key", "apiKey"])(
    "redacts a field named %s",
    (name) => {
      const { log, lines, parsed } = capture({});
      log.error("failed", { [name]: "the-actual-value" });
      expect(lines.join("")).not.toContain("the-actual-value");
      expect(parsed()[0][name]).toBe(REDACTED);
    },
  );

  it("keeps ordinary fields", () => {
    const { log, parsed } = capture({});
    log.warn("w", { organization: "acme", team_id: "team-1" });
    expect(parsed()[0]).toMatchObject({ organization: "acme", team_id: "team-1" });
  });
});

describe("levels", () => {
  it.each([
    [{}, "warn"],
    [{ TF_LOG: "" }, "warn"],
    [{ TF_LOG: "off" }, "warn"],
    [{ TF_LOG: "TRACE" }, "trace"],
    [{ TF_LOG: "info" }, "info"],
    [{ TF_LOG: "JSON" }, "trace"],
    [{ TF_LOG: "nonsense" }, "trace"],
    [{ TF_LOG: "TRACE", TF_LOG_PROVIDER: "ERROR" }, "error"],
    [{ TF_LOG: "DEBUG", TF_LOG_PROVIDER: "" }, "debug"],
  ] as [NodeJS.ProcessEnv, string][])("%j → %s", (env, level) => {
    expect(logThreshold(env)).toBe(level);
  });

  it("writes warnings and errors even when logging is off, and nothing below", () => {
    const { log, parsed } = capture({});
    log.trace("t");
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(parsed().map((line) => line["@level"])).toEqual(["warn", "error"]);
  });

  it("writes everything at TRACE", () => {
    const { log, parsed } = capture({ TF_LOG_PROVIDER: "trace" });
    log.trace("t");
    log.debug("d");
    expect(parsed().map((line) => line["@level"])).toEqual(["trace", "debug"]);
  });
});
