import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { Agent } from "undici";
import { createAdminHandler } from "./admin";
import { OffsetClock } from "./clock";
import { FaultInjector } from "./control/faults";
import { FixedWindowRateLimiter } from "./control/rate-limiter";
import { RequestLog } from "./control/request-log";
import { DiscoveryApi } from "./discovery-api";
import type { EmulatedApi } from "./emulated-api";
import { HEROKU_PREFIX, HerokuApi } from "./heroku/api";
import { InfisicalApi } from "./infisical/api";
import { loopbackCredentialVerifier } from "./infisical/credential-verifier";
import { takeInventory } from "./inventory";
import { closeServer, listen, LOOPBACK } from "./listen";
import { createRequestListener, type PipelineDeps } from "./pipeline";
import { randomSeed } from "./random";
import { TfcApi } from "./tfc/api";
import { createEmulatorCertificate, type EmulatorCertificate } from "./tls-files";
import type { Emulator, EmulatorOptions } from "./types";
import { createWorld, type World } from "./world";

const DEFAULT_RATE_LIMIT = 30;
/** Longer injected latency would only make tests time out confusingly. */
const MAX_LATENCY_MS = 60_000;

function checkedLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS) throw new RangeError(`latency must be between 0 and ${MAX_LATENCY_MS} ms, got ${ms}`);
  return ms;
}

/** A host name (no scheme, path or spaces), or null for the emulator itself. */
function checkedHost(host: string | null): string | null {
  if (host !== null && !/^[A-Za-z0-9.-]+(?::\d+)?$/.test(host)) throw new RangeError(`the HCP Terraform host must be a host name like app.terraform.io, got ${JSON.stringify(host)}`);
  return host;
}

function checkedPort(port: number, name: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`${name} must be a port number (0 for any), got ${port}`);
  return port;
}

/**
 * Starts the HCP Terraform / Infisical / Heroku emulator on 127.0.0.1 (HTTP, and HTTPS unless
 * `httpsPort: false`), seeded with fixtures. Close it with {@link Emulator.close}.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = checkedPort(options.port ?? 0, "port");
  const httpsPort = options.httpsPort === false ? false : checkedPort(options.httpsPort ?? 0, "httpsPort");
  const initialRateLimit = options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT;
  const initialLatency = checkedLatency(options.latencyMs ?? 0);
  const seed = options.seed ?? randomSeed();
  const initialTerraformCloudHost = checkedHost(options.infisicalTerraformCloudHost ?? null);

  const clock = new OffsetClock(options.now);
  const now = () => clock.now();
  const faults = new FaultInjector();
  const log = new RequestLog();
  const rateLimiter = new FixedWindowRateLimiter(initialRateLimit);
  const shutdown = new AbortController();
  // Infisical's credential checks call back into this emulator over loopback.
  const loopbackAgent = new Agent({ keepAliveTimeout: 1000 });
  let latencyMs = initialLatency;
  let terraformCloudHost = initialTerraformCloudHost;
  let httpUrl = "";

  const buildApis = (world: World): EmulatedApi[] => [
    new TfcApi({ store: world.tfc, now, rateLimiter }),
    new InfisicalApi({
      store: world.infisical,
      random: world.random,
      now,
      jwtKey: world.jwtKey,
      verifyCredential: loopbackCredentialVerifier({
        baseUrl: () => httpUrl,
        dispatcher: loopbackAgent,
        terraformCloudHost: () => terraformCloudHost,
        shutdown: shutdown.signal,
      }),
      identifyCredential: (app, credential) =>
        (app === "terraform-cloud" ? world.tfc.tokenForSecret(credential) : world.heroku.tokenForSecret(credential))?.id ?? null,
    }),
    new HerokuApi(world.heroku),
    new DiscoveryApi(),
  ];
  let world = createWorld(seed, now);
  let apis = buildApis(world);

  const deps: PipelineDeps = {
    apis: () => apis,
    admin: createAdminHandler(() => emulator),
    faults,
    log,
    clock,
    latencyMs: () => latencyMs,
    shutdown: shutdown.signal,
  };
  const httpServer = createServer(createRequestListener(deps, "http"));
  let certificate: EmulatorCertificate | undefined;
  let httpsServer: ReturnType<typeof createHttpsServer> | undefined;
  try {
    const boundHttpPort = await listen(httpServer, port);
    httpUrl = `http://${LOOPBACK}:${boundHttpPort}`;
    if (httpsPort !== false) {
      certificate = await createEmulatorCertificate();
      httpsServer = createHttpsServer({ cert: certificate.certPem, key: certificate.keyPem }, createRequestListener(deps, "https"));
      await listen(httpsServer, httpsPort);
    }
  } catch (error) {
    await closeServer(httpServer);
    await certificate?.remove();
    await loopbackAgent.close();
    throw error;
  }
  const boundHttpsPort = httpsServer ? (httpsServer.address() as { port: number }).port : undefined;

  const emulator: Emulator = {
    url: httpUrl,
    httpsUrl: boundHttpsPort === undefined ? null : `https://${LOOPBACK}:${boundHttpsPort}`,
    caCertPath: certificate?.caCertPath ?? null,
    tfcAddress: httpUrl,
    tfcHostname: boundHttpsPort === undefined ? null : `${LOOPBACK}:${boundHttpsPort}`,
    infisicalHost: httpUrl,
    herokuUrl: `${httpUrl}${HEROKU_PREFIX}`,
    seeded: world.seeded,
    clock,
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    infisical: {
      setTerraformCloudHost: (host) => {
        terraformCloudHost = checkedHost(host);
      },
      terraformCloudHost: () => terraformCloudHost,
      setAccessTokenUsesLimit: (uses) => world.infisical.setAccessTokenNumUsesLimit(uses),
      revokeAccessTokens: () => world.infisical.revokeAccessTokens(),
    },
    inventory: () => takeInventory(world, clock.now()),
    history: () => world.history.events(),
    requestLog: (afterSeq) => log.entries(afterSeq),
    setLatency: (ms) => {
      latencyMs = checkedLatency(ms);
    },
    setRateLimit: (perSecond) => {
      rateLimiter.limit = perSecond;
    },
    reset: () => {
      clock.reset();
      world = createWorld(seed, now);
      apis = buildApis(world);
      faults.clear();
      log.clear();
      rateLimiter.clear();
      rateLimiter.limit = initialRateLimit;
      latencyMs = initialLatency;
      terraformCloudHost = initialTerraformCloudHost;
    },
    close: async () => {
      shutdown.abort();
      await Promise.all([closeServer(httpServer), httpsServer ? closeServer(httpsServer) : undefined]);
      await loopbackAgent.destroy();
      await certificate?.remove();
    },
  };
  return emulator;
}
