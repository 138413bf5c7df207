import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseCliArgs, USAGE } from "../../../src/cli/args";
import { formatSummary, runEmulatorCommand, type EmulatorSummary } from "../../../src/cli/emulator-command";
import { call } from "./support";

const CLI = resolve(__dirname, "../../../dist/cdktf-token-hooks.js");

describe("argument parsing", () => {
  test("defaults, both flag forms, and --no-https", () => {
    expect(parseCliArgs(["emulator"])).toEqual({ command: "emulator", options: { port: 0, httpsPort: 0, rateLimitPerSecond: 30, latencyMs: 0, json: false } });
    expect(parseCliArgs(["emulator", "--port", "8080", "--https-port=8443", "--rate-limit", "5", "--latency=20", "--seed", "s", "--json"])).toEqual({
      command: "emulator",
      options: { port: 8080, httpsPort: 8443, rateLimitPerSecond: 5, latencyMs: 20, seed: "s", json: true },
    });
    expect(parseCliArgs(["emulator", "--no-https"])).toMatchObject({ options: { httpsPort: false } });
  });

  test("help and usage errors", () => {
    expect(parseCliArgs([])).toEqual({ command: "help" });
    expect(parseCliArgs(["emulator", "--help"])).toEqual({ command: "help" });
    expect(parseCliArgs(["serve"])).toEqual({ command: "invalid", reason: 'unknown command "serve"' });
    expect(parseCliArgs(["emulator", "--port"])).toEqual({ command: "invalid", reason: "--port needs a value" });
    expect(parseCliArgs(["emulator", "--port", "-1"])).toMatchObject({ command: "invalid" });
    expect(parseCliArgs(["emulator", "--verbose", "1"])).toEqual({ command: "invalid", reason: "unknown option --verbose" });
    expect(parseCliArgs(["emulator", "--json=yes"])).toEqual({ command: "invalid", reason: "--json takes no value" });
    expect(USAGE.split("\n")).toHaveLength(1);
  });
});

describe("the emulator command", () => {
  test("prints one JSON line with URLs, env and fixtures, serves until aborted, then closes", async () => {
    const stop = new AbortController();
    const printed: string[] = [];
    const running = runEmulatorCommand({ port: 0, httpsPort: false, rateLimitPerSecond: 30, latencyMs: 0, json: true }, (text) => {
      printed.push(text);
      stop.abort();
    }, stop.signal);
    await running;
    expect(printed).toHaveLength(1);
    const summary: EmulatorSummary = JSON.parse(printed[0]);
    expect(summary.env).toEqual({
      TFE_ADDRESS: summary.url,
      TFE_TOKEN: summary.seeded.ownerUserToken,
      INFISICAL_HOST: summary.url,
      INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: summary.seeded.infisical.clientId,
      INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: summary.seeded.infisical.clientSecret,
    });
    await expect(call("GET", `${summary.url}/api/v2/ping`)).rejects.toThrow();
  });

  test("the banner lists the URLs and shell-quoted export lines", () => {
    const banner = formatSummary({
      url: "http://127.0.0.1:1",
      httpsUrl: "https://127.0.0.1:2",
      tfcHostname: "127.0.0.1:2",
      herokuUrl: "http://127.0.0.1:1/heroku",
      caCertPath: "/tmp/with space/ca.pem",
      env: { TFE_ADDRESS: "http://127.0.0.1:1", SSL_CERT_FILE: "/tmp/with space/ca.pem" },
      seeded: { organization: "org", infisical: { projectId: "p" } } as EmulatorSummary["seeded"],
    });
    expect(banner).toContain("HTTPS  https://127.0.0.1:2  (Terraform hostname 127.0.0.1:2)");
    expect(banner).toContain("export TFE_ADDRESS=http://127.0.0.1:1");
    expect(banner).toContain("export SSL_CERT_FILE='/tmp/with space/ca.pem'");
  });

  test("the bundled executable runs until SIGINT and exits 0", async () => {
    const child = spawn(process.execPath, [CLI, "emulator", "--json", "--seed", "cli-test"], { stdio: ["ignore", "pipe", "pipe"] });
    const timeout = setTimeout(() => child.kill("SIGKILL"), 15_000);
    try {
      const firstLine = await new Promise<string>((resolveLine, reject) => {
        createInterface({ input: child.stdout }).once("line", resolveLine);
        child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
      });
      const summary: EmulatorSummary = JSON.parse(firstLine);
      expect(summary.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect((await call("GET", `${summary.url}/api/v2/account/details`, { token: summary.env.TFE_TOKEN })).status).toBe(200);
      const exited = new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    } finally {
      clearTimeout(timeout);
      child.kill("SIGKILL");
    }
  });

  test("--help prints the one-line usage", async () => {
    const child = spawn(process.execPath, [CLI, "--help"], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
    expect(code).toBe(0);
    expect(output).toBe(`${USAGE}\n`);
  });
});
