import { randomBytes, X509Certificate } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createSelfSignedCertificate } from "../../tls/self-signed-cert";
import { BROKER_STREAM_PATH, CONTROLLER_SHUTDOWN_PATH, EmptyMessage, HEALTH_CHECK_PATH, HealthCheckRequest, HealthCheckResponse, ServingStatus, STDIO_STREAM_PATH } from "./go-plugin";
import { GrpcServer, type GrpcMethod, type ListenTarget, type UnaryMethod } from "./grpc-server";
import { createLogger, type Logger } from "./log";
import type { ProtoMessage } from "./protobuf";
import { PROVIDER_METHODS, PROVIDER_SERVICE, type ProviderMethodName, type ProviderMethods } from "./tfplugin6";

/**
 * The provider's RPC implementations. A method left out answers UNIMPLEMENTED, which the engine
 * reports as "Unsupported plugin method" only if it actually calls it.
 */
export type ProviderHandlers = {
  readonly [Name in ProviderMethodName]?: (request: ProviderMethods[Name]["request"]) => Promise<ProviderMethods[Name]["response"]>;
};

export interface ServePluginOptions {
  /** Provider type name, e.g. `tokenhooks`; used in the message shown when run by hand. */
  readonly name?: string;
  readonly version?: string;
  /** Provider source address `hostname/namespace/type`; used in the install hint. */
  readonly source?: string;
  /** Default: hclog JSON lines on stderr, module `provider`. */
  readonly log?: Logger;
  /** Lets calls in flight finish before any exit but the engine's Shutdown; default: exit at once. */
  readonly lifecycle?: PluginLifecycle;
  /** The launch served: default, this process as the engine started it. */
  readonly host?: PluginHost;
  /** How long after the handshake the engine has to connect before the plugin exits; default {@link CONNECT_LIMIT_MS}. */
  readonly connectLimitMs?: number;
}

/**
 * One engine launch of the plugin, as the serving code sees it: this process as the engine
 * started it ({@link processHost}), or a launch a warm plugin server serves for its launcher
 * (src/plugin/warm).
 */
export interface PluginHost {
  /** The environment the engine launched the plugin with. */
  readonly env: NodeJS.ProcessEnv;
  /** Writes the go-plugin handshake line: the only text the launch's stdout carries. */
  handshake(line: string): void;
  /** True once the engine process is gone without having called Shutdown. */
  engineGone(): boolean;
  /**
   * True once the process the engine started is gone while this launch is still served: a warm
   * server's launcher was killed. The launch then ends as that process's death would have ended it.
   */
  launcherGone(): boolean;
  /** Ends the launch with `code`. */
  exit(code: number): void;
}

/** This process, as the engine started it. */
export function processHost(): PluginHost {
  const parent = process.ppid;
  return {
    env: process.env,
    handshake: claimStdout(),
    engineGone: () => process.ppid !== parent,
    launcherGone: () => false,
    exit: (code) => process.exit(code),
  };
}

/** What the plugin tells the provider before it exits for a reason other than the engine's Shutdown. */
export interface PluginLifecycle {
  /** The engine died or dropped the connection: responses can no longer reach it. Called at most once per reason. */
  engineGone(): void;
  /** The engine process is gone (this process was re-parented) without having called Shutdown. Called before `drain`. */
  engineDied(): void;
  /** Resolves when the provider's calls in flight have finished (the provider bounds the wait). */
  drain(): Promise<void>;
}

/** go-plugin's handshake values as Terraform and OpenTofu set them. */
export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const CORE_PROTOCOL_VERSION = 1;
const PROTOCOL_VERSION = 6;

/** How often the plugin looks for its engine (or launcher) having gone without a word. */
const PARENT_POLL_MS = 250;
/**
 * How long a dropped connection waits to see whether the engine process died: a killed process
 * closes its sockets a moment before its children are re-parented.
 */
const DEATH_CONFIRM_MS = 500;
const DEATH_POLL_MS = 10;
/**
 * How long after its handshake the plugin waits for the engine to connect. The engine connects at
 * once; one that died before it did leaves no connection to lose and may have been gone before
 * this process could note its parent, so only this limit ends such a launch. go-plugin gives a
 * plugin as long to hand-shake.
 */
export const CONNECT_LIMIT_MS = 60_000;
/** Once drained, how long connections get to flush the last responses before they are cut. */
const FLUSH_GRACE_MS = 20;
/**
 * How long an exit waits for the gRPC server to close: the flush, and a moment for the cut. The
 * server's own close can wait much longer for the engine's half-open streams; the engine, which
 * waits for the exit, starts the next launch only after it.
 */
const CLOSE_LIMIT_MS = 30;
/** sun_path is 104 bytes on macOS and BSDs, 108 on Linux, including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 103;

/** Why this process cannot serve: the launch problem and where to report it. */
export interface LaunchProblem {
  /**
   * `stderr` when a person ran the executable; `stdout` when the engine did, because the first
   * stdout line is the only text the engine shows before a handshake.
   */
  readonly channel: "stdout" | "stderr";
  readonly message: string;
}

/** Checks the environment the engine sets when it launches a plugin. */
export function launchProblem(env: NodeJS.ProcessEnv, options: ServePluginOptions = {}): LaunchProblem | undefined {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) return { channel: "stderr", message: notAPluginHost(options) };
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? "")
    .split(",")
    .map((version) => version.trim())
    .filter((version) => version !== "");
  if (!offered.includes(String(PROTOCOL_VERSION))) {
    const provider = options.name ? `The ${options.name} provider` : "This provider";
    return {
      channel: "stdout",
      message: `${provider} speaks plugin protocol ${PROTOCOL_VERSION} only, but the engine offered ${offered.length > 0 ? offered.join(", ") : "none"}; use Terraform 1.0 or later, or any OpenTofu version.`,
    };
  }
  return undefined;
}

function notAPluginHost(options: ServePluginOptions): string {
  const title = [options.name ? `the ${options.name} provider` : "a provider", options.version ? `v${options.version}` : ""].filter(Boolean).join(" ");
  const [hostname, namespace, type] = options.source?.split("/") ?? ["<hostname>", "<namespace>", options.name ?? "<type>"];
  const version = options.version ?? "<version>";
  return [
    `This program is ${title}: a plugin for Terraform and OpenTofu. It is started by \`terraform\` or \`tofu\`, not run directly.`,
    "",
    "To use it, put it in a local provider mirror, for example",
    `  ~/.terraform.d/plugins/${hostname}/${namespace}/${type}/${version}/<os>_<arch>/terraform-provider-${type}_v${version}`,
    `(<os>_<arch> as in linux_amd64 or darwin_arm64), and require it with source = "${hostname}/${namespace}/${type}".`,
    "In a CDK for Terraform project, the package that ships this plugin installs it into each stack's terraform.d/plugins directory during synth.",
  ].join("\n");
}

/**
 * The line go-plugin clients read from stdout: `1|6|network|address|grpc|cert`, the certificate
 * being base64 of its DER with the padding removed (the client decodes with Go's RawStdEncoding
 * and rejects `=`), or empty for a plaintext server.
 */
export function handshakeLine(network: "unix" | "tcp", address: string, certDer?: Uint8Array): string {
  const cert = certDer ? Buffer.from(certDer).toString("base64").replace(/=+$/, "") : "";
  return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|${network}|${address}|grpc|${cert}\n`;
}

/** The gRPC methods serving `handlers`, by HTTP/2 path. */
export function providerMethods(handlers: ProviderHandlers): Map<string, UnaryMethod> {
  const methods = new Map<string, UnaryMethod>();
  for (const name of Object.keys(PROVIDER_METHODS) as ProviderMethodName[]) {
    const handler = handlers[name] as ((request: ProtoMessage) => Promise<ProtoMessage>) | undefined;
    if (handler) methods.set(`/${PROVIDER_SERVICE}/${name}`, { kind: "unary", ...PROVIDER_METHODS[name], handle: handler });
  }
  return methods;
}

/**
 * Runs this process as a tfplugin6 provider plugin for Terraform or OpenTofu: checks that the
 * engine launched it, serves gRPC over mTLS on a unix socket (TCP on Windows), announces it with
 * the go-plugin handshake line, and exits when the engine calls Shutdown, closes the stdio stream,
 * or dies. SIGINT is ignored: the engine forwards Ctrl-C as StopProvider.
 *
 * Resolves once the handshake is written. Never rejects: a failure to start, an uncaught
 * exception or an unhandled rejection is reported as `panic: …` on stderr (which the engine turns
 * into "the plugin crashed") and exits with status 2. Run by hand, it explains itself and exits 1.
 */
export async function servePlugin(handlers: ProviderHandlers, options: ServePluginOptions = {}): Promise<void> {
  const host = options.host ?? processHost();
  const panic = (error: unknown) => panicAndExit(host, error);
  const problem = launchProblem(host.env, options);
  if (problem) {
    if (problem.channel === "stdout") host.handshake(`${problem.message}\n`);
    process.stderr.write(`${problem.message}\n`);
    return host.exit(1);
  }
  process.on("uncaughtException", panic);
  process.on("unhandledRejection", panic);
  const log = options.log ?? createLogger({ module: "provider", env: host.env });
  process.on("SIGINT", () => log.debug("Ignoring SIGINT: the engine sends StopProvider instead"));
  try {
    await startServing(handlers, log, host, options.lifecycle, options.connectLimitMs ?? CONNECT_LIMIT_MS);
  } catch (error) {
    panic(error);
  }
}

/** The plugin's own certificate for one launch, as go-plugin's AutoMTLS expects it. */
export function createPluginCertificate(): ReturnType<typeof createSelfSignedCertificate> {
  return createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], isCA: true });
}

async function startServing(handlers: ProviderHandlers, log: Logger, host: PluginHost, lifecycle: PluginLifecycle | undefined, connectLimitMs: number): Promise<void> {
  const clientCertPem = host.env.PLUGIN_CLIENT_CERT?.trim();
  // Node would silently trust nothing, and every connection would fail without a word.
  if (clientCertPem) checkClientCertificate(clientCertPem);
  // Without a client certificate (TF_DISABLE_PLUGIN_TLS, reattach) go-plugin speaks plaintext.
  const cert = clientCertPem ? createPluginCertificate() : undefined;

  let stopping = false;
  /** `cut`: the launch's process is gone, and with it every connection the engine had to it. */
  const shutdown = (reason: string, engineGone = false, cut = false) => {
    if (cut) void server.close(0);
    // Also while already draining: a create that finishes after the engine died must be undone.
    if (engineGone) lifecycle?.engineGone();
    if (stopping) return;
    stopping = true;
    log.debug("Plugin shutting down", { reason });
    // Exiting mid-call could leave a just-created credential that no state records.
    void (engineGone ? confirmDeath(host.engineGone) : Promise.resolve(false))
      .then((died) => {
        if (died) lifecycle?.engineDied();
        return lifecycle?.drain();
      })
      // Drained: no call is left to finish, only responses to flush. Bounded, since a connection
      // the engine leaves open must not keep the launch alive (a warm server's worker never ends
      // on its own, and the engine kills a plugin that lingers).
      .then(() => Promise.race([server.close(FLUSH_GRACE_MS), delay(CLOSE_LIMIT_MS)]))
      .then(() => host.exit(0));
  };
  // A broken stderr pipe means the engine is gone.
  process.stderr.on("error", () => shutdown("the engine closed stderr", true));
  const methods = new Map<string, GrpcMethod>([
    ...providerMethods(handlers),
    [
      CONTROLLER_SHUTDOWN_PATH,
      {
        kind: "unary",
        request: EmptyMessage,
        response: EmptyMessage,
        handle: async () => {
          // After this response is on its way: close() lets it finish before the exit.
          setImmediate(() => shutdown("the engine called Shutdown"));
          return {};
        },
      },
    ],
    [HEALTH_CHECK_PATH, { kind: "unary", request: HealthCheckRequest, response: HealthCheckResponse, handle: async () => ({ status: ServingStatus.SERVING }) }],
    [STDIO_STREAM_PATH, { kind: "idle-stream", onClientClosed: () => shutdown("the engine closed the stdio stream", true) }],
    [BROKER_STREAM_PATH, { kind: "idle-stream" }],
  ]);
  const server = new GrpcServer({ methods, log, ...(cert && clientCertPem ? { tls: { certPem: cert.certPem, keyPem: cert.keyPem, clientCaPem: clientCertPem } } : {}) });

  // Installed before the handshake: a signal that arrives right after it must not skip the cleanup.
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  // A SIGKILLed engine sends nothing; its orphaned plugin would otherwise keep the engine's pipes open forever.
  setInterval(() => {
    if (host.launcherGone()) shutdown("the launcher is gone", true, true);
    else if (host.engineGone()) shutdown("the engine process is gone", true);
  }, PARENT_POLL_MS).unref();

  const target = listenTarget();
  if ("path" in target) process.once("exit", () => rmSync(target.path, { force: true }));
  const address = await server.listen(target);
  host.handshake(handshakeLine("path" in target ? "unix" : "tcp", address, cert?.certDer));
  setTimeout(() => {
    if (!server.connected) shutdown("the engine never connected");
  }, connectLimitMs).unref();
}

/** Resolves true as soon as `gone()` holds, or false after {@link DEATH_CONFIRM_MS}. */
async function confirmDeath(gone: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < DEATH_CONFIRM_MS; waited += DEATH_POLL_MS) {
    if (gone()) return true;
    await delay(DEATH_POLL_MS);
  }
  return gone();
}

let handshakeWriter: ((line: string) => void) | undefined;

/**
 * Reserves stdout for the handshake: from now on anything else written there (a stray
 * console.log) goes to stderr, because the engine takes the first stdout line as the handshake
 * and discards the rest. Returns the only writer left to stdout. A plugin serving a user's module
 * claims stdout before loading it, so that the module's own output at load time is kept off
 * stdout too; claiming again returns the same writer.
 */
export function claimStdout(): (line: string) => void {
  if (handshakeWriter) return handshakeWriter;
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout);
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  handshakeWriter = (line) => {
    write(line);
  };
  return handshakeWriter;
}

function checkClientCertificate(pem: string): void {
  try {
    new X509Certificate(pem);
  } catch (error) {
    throw new Error(`PLUGIN_CLIENT_CERT does not hold a PEM certificate (${(error as Error).message})`);
  }
}

function listenTarget(): ListenTarget {
  // go-plugin uses TCP on Windows and unix sockets everywhere else.
  if (process.platform === "win32") return { host: "127.0.0.1", port: 0 };
  const name = `plugin-${randomBytes(6).toString("hex")}.sock`;
  const preferred = join(tmpdir(), name);
  return { path: Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES ? preferred : join("/tmp", name) };
}

/** Go's crash format, which the engine recognises and reports as "the plugin crashed". */
function panicAndExit(host: PluginHost, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`panic: ${failure.message}\n\n${failure.stack ?? ""}\n`);
  host.exit(2);
}
