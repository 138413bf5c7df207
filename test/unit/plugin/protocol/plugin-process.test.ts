import { spawn, type ChildProcess } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import * as http2 from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { bundleEntry } from "../../../../scripts/bundle.mjs";
import { BROKER_STREAM_PATH, CONTROLLER_SHUTDOWN_PATH, EmptyMessage, HEALTH_CHECK_PATH, HealthCheckRequest, HealthCheckResponse, STDIO_STREAM_PATH } from "../../../../src/plugin/protocol/go-plugin";
import { frameMessage } from "../../../../src/plugin/protocol/grpc-framing";
import { encodeMessage } from "../../../../src/plugin/protocol/protobuf";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../../../src/plugin/protocol/serve";
import { messages, type Diagnostic, type GetProviderSchemaResponse, type ValidateResourceConfigResponse } from "../../../../src/plugin/protocol/tfplugin6";
import { createSelfSignedCertificate } from "../../../../src/tls/self-signed-cert";
import { GrpcTestClient } from "./support/grpc-test-client";

/**
 * The echo fixture bundled into one executable, launched the way the engine launches a plugin:
 * go-plugin's environment, a one-time client certificate, the handshake line on stdout, mTLS
 * gRPC over a unix socket.
 */

const HANDSHAKE = /^1\|6\|unix\|([^|]+)\|grpc\|([A-Za-z0-9+/]*)$/;
const PROVIDER = "/tfplugin6.Provider";
const STARTUP_TIMEOUT_MS = 10_000;
/** How long an exit may take before the test calls it a hang: a bound on hanging, not on speed (the time is printed). */
const EXIT_TIMEOUT_MS = 10_000;

// Like the engine's: a throw-away self-signed CA certificate, sent in PLUGIN_CLIENT_CERT.
const engineCert = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], organization: "HashiCorp", isCA: true });

let bundleDir: string;
let bundle: string;

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), "echo-plugin-"));
  bundle = join(bundleDir, "terraform-provider-echo");
  await bundleEntry("test/unit/plugin/protocol/fixtures/echo-plugin.ts", bundle);
}, 60_000);

afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

interface Launched {
  readonly child: ChildProcess;
  readonly line: string;
  readonly socketPath: string;
  readonly certDer: Buffer;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | string>;
}

function engineEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "5,6", PLUGIN_CLIENT_CERT: engineCert.certPem, ...overrides };
}

/** Starts a process and collects its output; resolves when its first stdout line arrives. */
function launch(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Launched> {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no handshake within ${STARTUP_TIMEOUT_MS} ms; stderr:\n${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    child.stdout!.on("data", (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString();
      if (before.includes("\n") || !stdout.includes("\n")) return;
      clearTimeout(timer);
      const line = stdout.slice(0, stdout.indexOf("\n"));
      const match = HANDSHAKE.exec(line);
      resolve({
        child,
        line,
        socketPath: match?.[1] ?? "",
        certDer: Buffer.from(match?.[2] ?? "", "base64"),
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before a handshake; stderr:\n${stderr}`));
    });
  });
}

const launchPlugin = (env: NodeJS.ProcessEnv = engineEnv()) => launch(bundle, [], env);

/** Runs the plugin where it is expected to exit on its own; kills it if it does not. */
async function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(bundle, [], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const code = await within(STARTUP_TIMEOUT_MS, "exit", new Promise<number | null>((resolve) => child.once("close", resolve)));
    return { code, stdout, stderr };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** Waits for `promise` at most `ms`; rejects with `what` on timeout. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `probe` until it returns a value, for at most two seconds. */
async function eventually<T>(probe: () => T | undefined): Promise<T | undefined> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

function connect(plugin: Launched, credentials: { cert?: string; key?: string } = { cert: engineCert.certPem, key: engineCert.keyPem }): Promise<GrpcTestClient> {
  const ca = new X509Certificate(plugin.certDer).toString();
  return GrpcTestClient.connect("unix", plugin.socketPath, { ca, ...credentials });
}

function stopIfRunning(plugin: Launched | undefined): void {
  if (plugin && plugin.child.exitCode === null && plugin.child.signalCode === null) plugin.child.kill("SIGKILL");
}

describe("a launched plugin", () => {
  let plugin: Launched;
  let client: GrpcTestClient;

  beforeAll(async () => {
    plugin = await launchPlugin();
    client = await connect(plugin);
  }, STARTUP_TIMEOUT_MS + 5000);

  afterAll(() => {
    client?.close();
    stopIfRunning(plugin);
  });

  it("announces a unix socket and its certificate in one handshake line", () => {
    expect(plugin.line).toMatch(HANDSHAKE);
    expect(plugin.line).not.toContain("=");
    expect(statSync(plugin.socketPath).isSocket()).toBe(true);
    const cert = new X509Certificate(plugin.certDer);
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.ca).toBe(true);
  });

  it("serves with the announced certificate, over HTTP/2 negotiated by ALPN", () => {
    const socket = client.socket as TLSSocket;
    expect(socket.alpnProtocol).toBe("h2");
    expect(socket.getPeerX509Certificate()?.raw.equals(plugin.certDer)).toBe(true);
  });

  it("answers GetProviderSchema from its handler", async () => {
    const result = await client.unary<GetProviderSchemaResponse>(`${PROVIDER}/GetProviderSchema`, messages.GetProviderSchemaRequest, messages.GetProviderSchemaResponse, {});
    expect(result.status).toBe(0);
    expect(result.response?.resource_schemas?.echo_thing).toEqual({
      version: 1,
      block: {
        version: 0,
        attributes: [expect.objectContaining({ name: "id", type: Buffer.from('"string"'), computed: true, required: false })],
        block_types: [],
        description: "",
        description_kind: 0,
        deprecated: false,
        deprecation_message: "",
        computed: false,
      },
    });
    expect(result.response?.server_capabilities?.get_provider_schema_optional).toBe(true);
  });

  it("passes the decoded request to the handler", async () => {
    const result = await client.unary<ValidateResourceConfigResponse>(`${PROVIDER}/ValidateResourceConfig`, messages.ValidateResourceConfigRequest, messages.ValidateResourceConfigResponse, {
      type_name: "echo_thing",
      config: { msgpack: Buffer.from([0x81, 0xa0, 0xc0]) },
    });
    expect(result).toEqual({ status: 0, message: "", response: { diagnostics: [{ severity: 2, summary: "validated echo_thing", detail: "3 bytes" } satisfies Diagnostic] } });
  });

  it("carries a large request", async () => {
    const config = { msgpack: Buffer.alloc(8 * 1024 * 1024, 0xc0) };
    const result = await client.unary<ValidateResourceConfigResponse>(`${PROVIDER}/ValidateResourceConfig`, messages.ValidateResourceConfigRequest, messages.ValidateResourceConfigResponse, {
      type_name: "big",
      config,
    });
    expect(result.response?.diagnostics?.[0].detail).toBe(`${8 * 1024 * 1024} bytes`);
  });

  it.each([`${PROVIDER}/ReadDataSource`, `${PROVIDER}/NoSuchMethod`, "/no.such.Service/Call"])("answers %s with UNIMPLEMENTED", async (path) => {
    const result = await client.callRaw(path, frameMessage(Buffer.alloc(0)));
    expect(result.status).toBe(12);
    expect(result.messages).toEqual([]);
  });

  it("answers a failing handler with INTERNAL and keeps the error's text in its log only", async () => {
    const result = await client.unary(`${PROVIDER}/ConfigureProvider`, messages.ConfigureProviderRequest, messages.ConfigureProviderResponse, { terraform_version: "fail" });
    expect(result.status).toBe(13);
    expect(result.message).toBe(`The provider failed while handling ${PROVIDER}/ConfigureProvider; its log has the details`);
    // The log line travels through a different pipe than the response, so it may arrive later.
    const logged = await eventually(() =>
      plugin
        .stderr()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line["@message"] === "gRPC handler failed"),
    );
    expect(logged).toMatchObject({ "@level": "error", error: "Error: handler failure with internal details" });
  });

  it("refuses compressed messages and unknown encodings", async () => {
    expect((await client.callRaw(`${PROVIDER}/GetProviderSchema`, Buffer.from("0100000000", "hex"))).status).toBe(12);
    expect((await client.callRaw(`${PROVIDER}/GetProviderSchema`, frameMessage(Buffer.alloc(0)), { "grpc-encoding": "gzip" })).status).toBe(12);
  });

  it("answers a unary call without exactly one message with INTERNAL", async () => {
    expect((await client.callRaw(`${PROVIDER}/GetProviderSchema`, Buffer.alloc(0))).status).toBe(13);
    const two = Buffer.concat([frameMessage(Buffer.alloc(0)), frameMessage(Buffer.alloc(0))]);
    expect((await client.callRaw(`${PROVIDER}/GetProviderSchema`, two)).status).toBe(13);
  });

  it("answers the health check with SERVING", async () => {
    const result = await client.unary(HEALTH_CHECK_PATH, HealthCheckRequest, HealthCheckResponse, { service: "plugin" });
    expect(result).toEqual({ status: 0, message: "", response: { status: 1 } });
  });

  it("keeps the stdio and broker streams open without sending anything", async () => {
    const stdio = await client.openStream(STDIO_STREAM_PATH, encodeMessage(EmptyMessage, {}));
    const broker = await client.openStream(BROKER_STREAM_PATH, Buffer.alloc(0));
    const received: Buffer[] = [];
    stdio.on("data", (chunk: Buffer) => received.push(chunk));
    const health = await client.unary(HEALTH_CHECK_PATH, HealthCheckRequest, HealthCheckResponse, {});
    expect(health.status).toBe(0);
    expect(received).toEqual([]);
    expect(stdio.closed).toBe(false);
    expect(broker.closed).toBe(false);
  });

  it("keeps serving after SIGINT, which the engine follows with StopProvider", async () => {
    const slow = client.unary(`${PROVIDER}/ConfigureProvider`, messages.ConfigureProviderRequest, messages.ConfigureProviderResponse, { terraform_version: "slow" });
    plugin.child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stop = await client.unary(`${PROVIDER}/StopProvider`, messages.StopProviderRequest, messages.StopProviderResponse, {});
    expect(stop).toEqual({ status: 0, message: "", response: { Error: "" } });
    await expect(within(2000, "the interrupted call", slow)).resolves.toMatchObject({ status: 0 });
    expect(plugin.child.exitCode).toBeNull();
  });

  it.each([
    ["a certificate the engine did not send", () => createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], isCA: true })],
    ["no certificate", () => undefined],
  ])("refuses a client with %s at the TLS handshake", async (_case, makeCert) => {
    const cert = makeCert();
    const rejections = () => plugin.stderr().split("Rejected a TLS client").length - 1;
    const rejectedBefore = rejections();
    const attempt = async () => {
      const intruder = await connect(plugin, cert ? { cert: cert.certPem, key: cert.keyPem } : {});
      try {
        return await intruder.callRaw(HEALTH_CHECK_PATH, frameMessage(Buffer.alloc(0)));
      } finally {
        intruder.close();
      }
    };
    const outcome = await within(5000, "the refused call", attempt()).then(
      (answer) => `answered: ${JSON.stringify(answer)}`,
      (error: Error) => error.message,
    );
    // The call failed on its own, not by the timeout, and the plugin says it refused the handshake.
    expect(outcome).not.toMatch(/^answered|took over/);
    expect(await eventually(() => (rejections() > rejectedBefore ? true : undefined))).toBe(true);
  });

  it("exits on Shutdown, removing its socket, having written only the handshake to stdout", async () => {
    const started = performance.now();
    const result = await client.unary(CONTROLLER_SHUTDOWN_PATH, EmptyMessage, EmptyMessage, {});
    expect(result).toEqual({ status: 0, message: "", response: {} });
    await expect(within(EXIT_TIMEOUT_MS, "exit after Shutdown", plugin.exited)).resolves.toBe(0);
    process.stderr.write(`plugin exited ${Math.round(performance.now() - started)} ms after Shutdown was sent\n`);
    expect(existsSync(plugin.socketPath)).toBe(false);
    expect(plugin.stdout()).toBe(`${plugin.line}\n`);
    expect(plugin.stderr()).toContain("stray output from the provider");
  });
});

describe("plugin lifecycle", () => {
  let plugin: Launched | undefined;
  afterEach(() => stopIfRunning(plugin));

  it("exits when the engine closes the stdio stream", async () => {
    plugin = await launchPlugin();
    const client = await connect(plugin);
    const stdio = await client.openStream(STDIO_STREAM_PATH, encodeMessage(EmptyMessage, {}));
    stdio.close(http2.constants.NGHTTP2_CANCEL);
    await expect(within(EXIT_TIMEOUT_MS, "exit after the stdio stream closed", plugin.exited)).resolves.toBe(0);
    client.close();
  });

  it("exits when the engine never connects after the handshake (it died before, perhaps before the plugin could note its parent)", async () => {
    plugin = await launchPlugin(engineEnv({ ECHO_CONNECT_LIMIT_MS: "300" }));
    await expect(within(EXIT_TIMEOUT_MS, "exit with no connection", plugin.exited)).resolves.toBe(0);
    expect(existsSync(plugin.socketPath)).toBe(false);
  });

  it("stays up past the connect limit once the engine has connected", async () => {
    plugin = await launchPlugin(engineEnv({ ECHO_CONNECT_LIMIT_MS: "300" }));
    const client = await connect(plugin);
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(plugin.child.exitCode).toBeNull();
    client.close();
  });

  it("exits when its parent dies without a word", async () => {
    // A stand-in engine that starts the plugin (sharing its stdout) and is then SIGKILLed.
    const engine = `const c = require("node:child_process").spawn(process.env.ECHO_PLUGIN, [], { stdio: "inherit" }); process.stderr.write("plugin pid " + c.pid + "\\n"); setInterval(() => {}, 1000);`;
    const parent = await launch(process.execPath, ["-e", engine], { ...engineEnv(), ECHO_PLUGIN: bundle });
    plugin = parent;
    const orphanPid = Number(/plugin pid (\d+)/.exec(parent.stderr())?.[1]);
    const stdoutClosed = new Promise<void>((resolve) => parent.child.stdout!.once("close", () => resolve()));
    parent.child.kill("SIGKILL");
    try {
      // The orphan holds the stdout pipe open until it exits.
      await within(4000, "the orphaned plugin's exit", stdoutClosed);
    } catch (error) {
      process.kill(orphanPid, "SIGKILL");
      throw error;
    }
    expect(existsSync(parent.socketPath)).toBe(false);
  });

  it("explains itself and exits 1 when run by hand", async () => {
    const { code, stdout, stderr } = await runToExit({ PATH: process.env.PATH });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("This program is the echo provider v0.0.1: a plugin for Terraform and OpenTofu");
  });

  it("tells the engine on stdout when protocol 6 is not offered", async () => {
    const { code, stdout } = await runToExit(engineEnv({ PLUGIN_PROTOCOL_VERSIONS: "5" }));
    expect(code).toBe(1);
    expect(stdout).toBe("The echo provider speaks plugin protocol 6 only, but the engine offered 5; use Terraform 1.0 or later, or any OpenTofu version.\n");
  });

  it("serves plaintext when the engine sends no client certificate", async () => {
    plugin = await launchPlugin(engineEnv({ PLUGIN_CLIENT_CERT: "" }));
    expect(plugin.line).toMatch(/^1\|6\|unix\|[^|]+\|grpc\|$/);
    const client = await GrpcTestClient.connect("unix", plugin.socketPath);
    const result = await client.unary(HEALTH_CHECK_PATH, HealthCheckRequest, HealthCheckResponse, {});
    expect(result.status).toBe(0);
    await client.unary(CONTROLLER_SHUTDOWN_PATH, EmptyMessage, EmptyMessage, {});
    await expect(within(EXIT_TIMEOUT_MS, "exit after Shutdown", plugin.exited)).resolves.toBe(0);
    client.close();
  });

  it("reports a startup failure as a Go-style panic", async () => {
    const { code, stdout, stderr } = await runToExit(engineEnv({ PLUGIN_CLIENT_CERT: "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n" }));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^panic: PLUGIN_CLIENT_CERT does not hold a PEM certificate/m);
  });
});
