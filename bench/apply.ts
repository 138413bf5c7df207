import { realpathSync } from "node:fs";
import type { Emulator, RequestLogEntry } from "../src/emulator";
import type { Engine } from "../scripts/engine.mjs";
import { TfWorkdir, type RunResult } from "../test/support/tf-workdir";
import { PeakRssSampler, type PeakRss } from "./memory";
import type { BenchProvider } from "./providers";
import { RequestCollector } from "./request-collector";

/** How one apply (and optional destroy) of team tokens is run. */
export interface ApplyScenario {
  readonly tokens: number;
  readonly parallelism: number;
  /** Emulator latency for every request. */
  readonly latencyMs: number;
  /** Emulator rate limit, requests per second per principal. */
  readonly rateLimitPerSecond: number;
  /** Measure `destroy` too; otherwise the emulator is simply reset afterwards. */
  readonly destroy: boolean;
}

/** One engine command's wall time and the API requests it made. */
export interface PhaseMeasurement {
  readonly wallMs: number;
  readonly exitCode: number;
  readonly requests: readonly RequestLogEntry[];
  /** Peak RSS of any one provider plugin process started by this phase, or of the provider's warm server. */
  readonly plugin: PeakRss;
  /** Plugin launches of this phase that hung once the engine was done with them, and that the bench ended. */
  readonly hungLaunches: number;
}

export interface ApplyMeasurement {
  readonly apply: PhaseMeasurement;
  readonly destroy?: PhaseMeasurement;
  /** Tokens of the team that exist after the apply, minus those before it. */
  readonly tokensCreated: number;
}

/** The engine run for a phase may take this long before it counts as hung. */
const PHASE_TIMEOUT_MS = 15 * 60_000;

/**
 * Applies `tokens` described team tokens of one seeded team through `provider` on `engine`
 * against `emulator` (reset first), then destroys them when asked. The provider reaches the
 * emulator as it would HCP Terraform: service discovery over HTTPS. `init` is not timed. The
 * provider's session (ours: a fresh warm server) starts before `init` and ends with the measurement.
 */
export async function measureApply(emulator: Emulator, engine: Engine, provider: BenchProvider, scenario: ApplyScenario): Promise<ApplyMeasurement> {
  emulator.reset();
  emulator.setLatency(scenario.latencyMs);
  emulator.setRateLimit(scenario.rateLimitPerSecond);
  const teamId = benchTeamId(emulator);
  const teamTokens = () => emulator.inventory().teamTokens.filter((token) => token.teamId === teamId).length;
  const work = TfWorkdir.create(`tokenhooks-bench-${engine.name}`);
  const session = await provider.startSession();
  try {
    provider.install(work);
    work.writeConfig(provider.teamTokensConfig(teamId, scenario.tokens));
    const env = { ...providerEnv(emulator), ...session.env };
    await work.run(engine.path, ["init", "-input=false", "-no-color"], { env, timeoutMs: PHASE_TIMEOUT_MS });
    const phase = async (args: readonly string[]): Promise<PhaseMeasurement> => {
      const collector = new RequestCollector(emulator);
      const sampler = new PeakRssSampler([{ cmdlineIncludes: provider.pluginFileName, cwd: realpathSync(work.dir) }, ...session.processes]);
      let result: RunResult;
      let requests: readonly RequestLogEntry[];
      let plugin: PeakRss;
      const hungBefore = session.hungLaunches();
      try {
        result = await work.run(engine.path, [...args, "-input=false", "-auto-approve", "-no-color", `-parallelism=${scenario.parallelism}`], {
          env,
          timeoutMs: PHASE_TIMEOUT_MS,
          expectExit: [0, 1],
        });
      } finally {
        plugin = sampler.stop();
        requests = collector.stop();
      }
      if (result.exitCode !== 0) process.stderr.write(`${engine.name} ${args[0]} through ${provider.label} failed:\n${result.stderr.slice(-2000)}\n`);
      const progress = session.progress();
      if (progress !== undefined) process.stderr.write(`  ${provider.label} ${args[0]}: ${progress}\n`);
      return { wallMs: result.durationMs, exitCode: result.exitCode, requests, plugin, hungLaunches: session.hungLaunches() - hungBefore };
    };
    const before = teamTokens();
    const apply = await phase(["apply"]);
    const tokensCreated = teamTokens() - before;
    const destroy = scenario.destroy ? await phase(["destroy"]) : undefined;
    return { apply, destroy, tokensCreated };
  } finally {
    await session.close();
    work.dispose();
    emulator.reset();
  }
}

/** The team whose tokens the benchmarks create: a seeded non-owners team. */
function benchTeamId(emulator: Emulator): string {
  const team = emulator.seeded.otherTeams.find((candidate) => candidate.name === "developers");
  if (team === undefined) throw new Error("the emulator has no seeded team named developers");
  return team.id;
}

/** Both providers find the emulator as HCP Terraform: discovery on `TFE_HOSTNAME` over HTTPS. */
function providerEnv(emulator: Emulator): Record<string, string> {
  if (emulator.tfcHostname === null || emulator.caCertPath === null) throw new Error("the benchmarks need the emulator's HTTPS listener");
  return {
    TFE_HOSTNAME: emulator.tfcHostname,
    TFE_TOKEN: emulator.seeded.ownerUserToken,
    // Go reads the first, Node the second.
    SSL_CERT_FILE: emulator.caCertPath,
    NODE_EXTRA_CA_CERTS: emulator.caCertPath,
  };
}
