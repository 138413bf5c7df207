import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bundleAll } from "../scripts/bundle.mjs";
import { findEngines } from "../scripts/engine.mjs";
import { findOrBuildTfeProvider } from "../scripts/tfe-provider.mjs";
import { packageProviderPlugin } from "../src/constructs/user-plugin-bundle";
import { startEmulator } from "../src/emulator";
import { measureApply, type ApplyMeasurement } from "./apply";
import { bareNodeFloor, firstLaunches, idledOutLaunches, inProcess, measureColdStarts } from "./cold-start";
import { bareNodeRssBytes } from "./memory";
import { hashicorpTfeProvider, tokenhooksProvider, type BenchProvider } from "./providers";
import { benchTable, combineApplyRuns, phaseFigures, saturationFigures, type ApplyFigures, type BenchResults, type ColdStartSamples, type SideBySide } from "./report";
import { benchSizes } from "./sizes";
import { median } from "./stats";
import { measureSynth } from "./synth";
import { startBenchWarmServer } from "./warm-server";

const LATENCY_MS = 25;
const PARALLELISM = 10;
const SATURATION_LIMIT = 30;
/** High enough that the apply-throughput runs measure latency and parallelism, not the rate limit. */
const UNLIMITED_RATE = 1_000_000;
const PLUGIN_BUNDLE = resolve(__dirname, "..", "dist", "terraform-provider-tokenhooks.js");
/** A provider with one user resource (issue #15), packaged as users' providers are at synth. */
const USER_PROVIDER_FIXTURE = resolve(__dirname, "..", "test", "fixtures", "user-provider", "provider.ts");

/** `npm run bench`: measures ours against terraform-provider-tfe on one engine and one emulator, prints one table. */
async function main(): Promise<void> {
  const sizes = benchSizes();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const outcomes = await bundleAll({ log });
  if (outcomes.some((outcome) => outcome.status === "failed") || !existsSync(PLUGIN_BUNDLE)) throw new Error(`the plugin bundle ${PLUGIN_BUNDLE} could not be built`);
  const [engine] = await findEngines({ build: false, progress: log });
  if (engine === undefined) throw new Error("no Terraform or OpenTofu found: see node scripts/engine.mjs");
  // The same build the tests use: made from ../shared/peers on the first run, then cached.
  const tfe = await findOrBuildTfeProvider({ build: true, progress: log });
  const ours = tokenhooksProvider(PLUGIN_BUNDLE);
  const theirs = tfe && hashicorpTfeProvider(tfe);
  const both = <T>(measure: (provider: BenchProvider) => Promise<T>): Promise<SideBySide<T>> => sideBySide(ours, theirs, measure);

  const emulator = await startEmulator();
  try {
    log(`cold start: ${sizes.coldStartRuns} runs per plugin`);
    const coldStart = await measureAllColdStarts(ours, theirs, sizes.coldStartRuns);
    log(`cold start floor: bare node to its first line, median ${median(coldStart.bareNode).toFixed(1)} ms`);

    const applies = [];
    for (const tokens of sizes.applyTokenCounts) {
      log(`apply + destroy of ${tokens} team tokens, ${LATENCY_MS} ms latency, -parallelism=${PARALLELISM}, ${sizes.applyRuns} run(s) each`);
      const runs: SideBySide<ApplyFigures>[] = [];
      for (let run = 0; run < sizes.applyRuns; run++) {
        const measured = await both((provider) => measureApply(emulator, engine, provider, { tokens, parallelism: PARALLELISM, latencyMs: LATENCY_MS, rateLimitPerSecond: UNLIMITED_RATE, destroy: true }));
        runs.push({ ours: applyFigures(measured.ours), tfe: measured.tfe && applyFigures(measured.tfe) });
      }
      applies.push({ tokens, ours: combineApplyRuns(runs.map((run) => run.ours)), tfe: theirs && combineApplyRuns(runs.map((run) => run.tfe!)) });
    }

    const creates = sizes.saturationCreates;
    log(`${creates} creates under the ${SATURATION_LIMIT} req/s rate limit`);
    const saturated = await both((provider) => measureApply(emulator, engine, provider, { tokens: creates, parallelism: PARALLELISM, latencyMs: LATENCY_MS, rateLimitPerSecond: SATURATION_LIMIT, destroy: false }));
    const saturationOf = (measurement: ApplyMeasurement) => saturationFigures(measurement.apply, creates, measurement.tokensCreated);

    log(`synth of ${sizes.synthConstructs} TeamToken constructs, ${sizes.synthRuns} runs per binding`);
    const synthApps = [{ label: ours.label, entry: "tokenhooks.ts" }, ...(theirs ? [{ label: theirs.label, entry: "tfe.ts" }] : [])];
    const synthSamples = await measureSynth(synthApps, sizes.synthConstructs, sizes.synthRuns);

    const results: BenchResults = {
      engine: `${engine.name} ${engine.version}`,
      tfeLabel: theirs?.label ?? "terraform-provider-tfe (not built)",
      latencyMs: LATENCY_MS,
      parallelism: PARALLELISM,
      coldStart,
      applies,
      memoryTokens: Math.max(...sizes.applyTokenCounts),
      bareNodeRssBytes: await bareNodeRssBytes(),
      saturation: { creates, limitPerSecond: SATURATION_LIMIT, ours: saturationOf(saturated.ours), tfe: saturated.tfe && saturationOf(saturated.tfe) },
      synth: { constructs: sizes.synthConstructs, ours: synthSamples.get(ours.label)!, tfe: theirs && synthSamples.get(theirs.label) },
    };
    process.stdout.write(`${benchTable(results)}\n`);
  } finally {
    await emulator.close();
  }
}

/**
 * Cold starts of ours served by a warm server (started for it on a private `XDG_RUNTIME_DIR`), on
 * a first launch, in-process, of a packaged one-resource user provider, of tfe and of bare node,
 * runs alternating between them.
 */
async function measureAllColdStarts(ours: BenchProvider, theirs: BenchProvider | undefined, runs: number): Promise<ColdStartSamples> {
  const server = await startBenchWarmServer(ours.executable);
  const first = firstLaunches("ours, first launch", ours.executable);
  const idledOut = idledOutLaunches("ours, after idling out", ours.executable);
  const userCache = mkdtempSync(join(tmpdir(), "tokenhooks-bench-user-plugin-"));
  try {
    const userPlugin = packageProviderPlugin({ entry: USER_PROVIDER_FIXTURE, typeName: "jsonstore", cacheDir: userCache });
    const warm = { label: "ours, warm server", executable: ours.executable, startEnv: () => server.env };
    const plugins = [
      warm,
      first,
      idledOut,
      inProcess("ours, in-process", ours.executable),
      inProcess("user provider", userPlugin.bundlePath),
      ...(theirs ? [{ label: theirs.label, executable: theirs.executable }] : []),
      bareNodeFloor(),
    ];
    const samples = await measureColdStarts(plugins, runs);
    if (!idledOut.hasCodeCache()) process.stderr.write("  no code cache was written for the launches after idling out: they ran without one\n");
    const [warmServer, firstLaunch, idledOutSamples, inProcessSamples, userProvider, ...rest] = plugins.map((plugin) => samples.get(plugin.label)!);
    return { warmServer, firstLaunch, idledOut: idledOutSamples, inProcess: inProcessSamples, userProvider, tfe: theirs && rest[0], bareNode: rest.at(-1)! };
  } finally {
    await server.stop();
    first.dispose();
    idledOut.dispose();
    rmSync(userCache, { recursive: true, force: true });
  }
}

/** Measures ours, then theirs when there is one. */
async function sideBySide<T>(ours: BenchProvider, theirs: BenchProvider | undefined, measure: (provider: BenchProvider) => Promise<T>): Promise<SideBySide<T>> {
  const oursResult = await measure(ours);
  return { ours: oursResult, tfe: theirs && (await measure(theirs)) };
}

function applyFigures(measurement: ApplyMeasurement): ApplyFigures {
  if (measurement.destroy === undefined) throw new Error("an apply-throughput run must measure destroy too");
  return { apply: phaseFigures(measurement.apply), destroy: phaseFigures(measurement.destroy), pluginPeakRssBytes: measurement.apply.plugin.peakBytes, runs: 1 };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
