import type { RequestLogEntry } from "../src/emulator";
import { latencyLowerBoundMs, requestRate, requestWindowMs } from "./bounds";
import type { SynthSample } from "./synth";
import { median, ratio, summarize } from "./stats";
import { formatBytes, formatCount, formatDifference, formatDuration, formatFraction, formatRatio, NOT_MEASURED, renderTable, type Column } from "./table";

/** A measurement of ours and, when terraform-provider-tfe is available, of theirs. */
export interface SideBySide<T> {
  readonly ours: T;
  readonly tfe?: T;
}

/** One engine phase (apply or destroy) reduced to what the table shows. */
export interface PhaseFigures {
  readonly wallMs: number;
  readonly requests: number;
  /** Exit code 0 and no hung launch: only then is the wall time worth showing. */
  readonly succeeded: boolean;
  /** Launches that hung once the engine was done with them (the bench ended them). */
  readonly hungLaunches: number;
}

export interface ApplyFigures {
  readonly apply: PhaseFigures;
  readonly destroy: PhaseFigures;
  /** Peak RSS of any one plugin process during the apply, or (ours) of the warm server serving it. */
  readonly pluginPeakRssBytes: number | undefined;
  /** How many runs these figures sum up (medians when more than one). */
  readonly runs: number;
}

export interface SaturationFigures {
  readonly wallMs: number;
  /** Tokens asked for but not created. */
  readonly failedCreates: number;
  /** 429 responses (each retried by the provider). */
  readonly rateLimited: number;
  /** Requests per second the API accepted, over the apply's request window. */
  readonly acceptedPerSecond: number;
  readonly hungLaunches: number;
}

/** Milliseconds from exec to handshake of each way of starting a plugin, one sample per start. */
export interface ColdStartSamples {
  /** Ours, handed to a warm server that was running already. */
  readonly warmServer: readonly number[];
  /** Ours with no server running and nothing of the build kept (a fresh `XDG_RUNTIME_DIR`): served in-process, then starting a server. */
  readonly firstLaunch: readonly number[];
  /** Ours with no server running, after one idled out: the build's directory keeps V8's code cache. */
  readonly idledOut: readonly number[];
  /** Ours with `TOKENHOOKS_PLUGIN_SERVER=0`: the cold start before the warm server. */
  readonly inProcess: readonly number[];
  /** A plugin packaged from a provider with one user resource, served in-process. */
  readonly userProvider: readonly number[];
  /** A Node.js script that only prints a handshake-shaped line. */
  readonly bareNode: readonly number[];
  readonly tfe?: readonly number[];
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  readonly engine: string;
  readonly tfeLabel: string;
  readonly latencyMs: number;
  readonly parallelism: number;
  readonly coldStart: ColdStartSamples;
  readonly applies: readonly ({ readonly tokens: number } & SideBySide<ApplyFigures>)[];
  /** Apply size whose plugin memory is reported. */
  readonly memoryTokens: number;
  /** The high-water mark of `node` running nothing: the floor under ours. */
  readonly bareNodeRssBytes: number | undefined;
  readonly saturation: { readonly creates: number; readonly limitPerSecond: number } & SideBySide<SaturationFigures>;
  readonly synth: { readonly constructs: number } & SideBySide<readonly SynthSample[]>;
}

/** Reduces a phase's engine run and requests to its figures. */
export function phaseFigures(phase: { readonly wallMs: number; readonly exitCode: number; readonly requests: readonly RequestLogEntry[]; readonly hungLaunches: number }): PhaseFigures {
  return { wallMs: phase.wallMs, requests: phase.requests.length, succeeded: phase.exitCode === 0 && phase.hungLaunches === 0, hungLaunches: phase.hungLaunches };
}

/**
 * Several runs of the same apply + destroy as one: median wall times and request counts, success
 * only if every run succeeded, hung launches summed, the largest plugin memory peak.
 */
export function combineApplyRuns(runs: readonly ApplyFigures[]): ApplyFigures {
  if (runs.length === 0) throw new RangeError("no apply runs to combine");
  const combinePhase = (phases: readonly PhaseFigures[]): PhaseFigures => ({
    wallMs: median(phases.map((phase) => phase.wallMs)),
    requests: median(phases.map((phase) => phase.requests)),
    succeeded: phases.every((phase) => phase.succeeded),
    hungLaunches: phases.reduce((sum, phase) => sum + phase.hungLaunches, 0),
  });
  const peaks = runs.map((run) => run.pluginPeakRssBytes).filter((peak): peak is number => peak !== undefined);
  return {
    apply: combinePhase(runs.map((run) => run.apply)),
    destroy: combinePhase(runs.map((run) => run.destroy)),
    pluginPeakRssBytes: peaks.length === 0 ? undefined : Math.max(...peaks),
    runs: runs.length,
  };
}

/** Reduces a saturation apply to its figures: only requests the API accepted count toward the rate. */
export function saturationFigures(run: { readonly wallMs: number; readonly requests: readonly RequestLogEntry[]; readonly hungLaunches: number }, creates: number, tokensCreated: number): SaturationFigures {
  const api = run.requests.filter((entry) => entry.api === "tfc");
  const accepted = api.filter((entry) => entry.status !== 429);
  const windowMs = requestWindowMs(api);
  return {
    wallMs: run.wallMs,
    failedCreates: creates - tokensCreated,
    rateLimited: api.length - accepted.length,
    acceptedPerSecond: windowMs > 0 ? requestRate(accepted.length, windowMs) : 0,
    hungLaunches: run.hungLaunches,
  };
}

const COLUMNS: readonly Column[] = [
  { heading: "benchmark", align: "left" },
  { heading: "tokenhooks (ours)", align: "right" },
  { heading: "", align: "right" },
  { heading: "ours / tfe", align: "right" },
];

/**
 * The cold-start rows: ours served warm, on first launches (nothing kept; after the server idled
 * out) and in-process, each against tfe (medians, and p90s but in-process), the first launches and
 * a one-resource user provider against ours in-process, and the bare-node floor.
 */
export function coldStartRows(cold: ColdStartSamples): string[][] {
  const tfe = cold.tfe && summarize(cold.tfe);
  const rows: string[][] = [];
  const timed = (label: string, ours: number, theirs: number | undefined) => rows.push([label, formatDuration(ours), formatDuration(theirs), formatRatio(ratio(ours, theirs))]);
  const warm = summarize(cold.warmServer);
  const first = summarize(cold.firstLaunch);
  const idledOut = summarize(cold.idledOut);
  const inProcess = median(cold.inProcess);
  const userProvider = median(cold.userProvider);
  timed(`cold start, exec → handshake over pipes, median of ${warm.count}: warm server`, warm.median, tfe?.median);
  timed("  warm server, p90", warm.p90, tfe?.p90);
  timed("  first launch, nothing kept (fresh XDG_RUNTIME_DIR)", first.median, tfe?.median);
  timed("  first launch, nothing kept, p90", first.p90, tfe?.p90);
  timed("  first launch after the server idled out (code cache kept)", idledOut.median, tfe?.median);
  timed("  first launch after the server idled out, p90", idledOut.p90, tfe?.p90);
  timed("  in-process (TOKENHOOKS_PLUGIN_SERVER=0, as before)", inProcess, tfe?.median);
  rows.push(["  first launch, nothing kept − in-process", formatDifference(first.median - inProcess), "", ""]);
  rows.push(["  first launch after idling out − in-process", formatDifference(idledOut.median - inProcess), "", ""]);
  timed("  user provider, 1 resource (in-process: not served warm yet)", userProvider, tfe?.median);
  rows.push(["  user provider − ours in-process", formatDifference(userProvider - inProcess), "", ""]);
  timed("  bare node (floor)", median(cold.bareNode), tfe?.median);
  return rows;
}

/** The table `npm run bench` prints. Ratios are ours ÷ theirs: below 1 means ours took less. */
export function benchTable(results: BenchResults): string {
  const rows: string[][] = [];
  const timed = (label: string, ours: number | undefined, tfe: number | undefined) => rows.push([label, formatDuration(ours), formatDuration(tfe), formatRatio(ratio(ours, tfe))]);
  const text = (label: string, ours: string, tfe: string | undefined) => rows.push([label, ours, tfe ?? NOT_MEASURED, ""]);

  rows.push(...coldStartRows(results.coldStart));

  const phase = (label: string, pick: (figures: ApplyFigures) => PhaseFigures, tokens: number, side: SideBySide<ApplyFigures>) => {
    const ours = pick(side.ours);
    const tfe = side.tfe && pick(side.tfe);
    const wall = (figures: PhaseFigures) => (figures.succeeded ? figures.wallMs : undefined);
    const runs = side.ours.runs > 1 ? `, median of ${side.ours.runs}` : "";
    timed(`${label} ${tokens} tokens${runs}`, wall(ours), tfe && wall(tfe));
    const bound = (figures: PhaseFigures) => `${Math.round(figures.requests)} req → ≥ ${formatDuration(latencyLowerBoundMs(figures.requests, results.latencyMs, results.parallelism))}`;
    text(`  requests → lower bound (× ${results.latencyMs} ms ÷ ${results.parallelism})`, bound(ours), tfe && bound(tfe));
  };
  for (const side of results.applies) {
    phase("apply", (figures) => figures.apply, side.tokens, side);
    phase("destroy", (figures) => figures.destroy, side.tokens, side);
  }
  const memory = results.applies.find((side) => side.tokens === results.memoryTokens);
  if (memory) {
    const ours = memory.ours.pluginPeakRssBytes;
    const tfe = memory.tfe?.pluginPeakRssBytes;
    rows.push([`peak RSS, ${results.memoryTokens}-token apply (ours: largest of warm server, launchers)`, formatBytes(ours), formatBytes(tfe), formatRatio(ratio(ours, tfe))]);
    rows.push(["  bare node, idle (floor)", formatBytes(results.bareNodeRssBytes), formatBytes(tfe), formatRatio(ratio(results.bareNodeRssBytes, tfe))]);
  }

  const { saturation } = results;
  const saturated = `${saturation.creates} creates at ${saturation.limitPerSecond} req/s`;
  const saturatedWall = (figures: SaturationFigures) => (figures.hungLaunches === 0 ? figures.wallMs : undefined);
  timed(`${saturated}: wall`, saturatedWall(saturation.ours), saturation.tfe && saturatedWall(saturation.tfe));
  text("  failed creates (must be 0)", formatCount(saturation.ours.failedCreates), saturation.tfe && formatCount(saturation.tfe.failedCreates));
  text("  429 responses (retried)", formatCount(saturation.ours.rateLimited), saturation.tfe && formatCount(saturation.tfe.rateLimited));
  const sustained = (figures: SaturationFigures) => `${figures.acceptedPerSecond.toFixed(1)} req/s = ${formatFraction(figures.acceptedPerSecond / saturation.limitPerSecond)}`;
  text("  sustained accepted rate, share of the limit", sustained(saturation.ours), saturation.tfe && sustained(saturation.tfe));

  const hung = (side: "ours" | "tfe") => {
    const phases = results.applies.flatMap((apply) => {
      const figures = apply[side];
      return figures ? [figures.apply.hungLaunches, figures.destroy.hungLaunches] : [];
    });
    const saturated = results.saturation[side];
    return saturated && [...phases, saturated.hungLaunches].reduce((sum, count) => sum + count, 0);
  };
  text("launches hung after the engine was done (ended by the bench; their phases show —)", formatCount(hung("ours")), formatCount(hung("tfe")));

  const { synth } = results;
  const medianOf = (samples: readonly SynthSample[] | undefined, pick: (sample: SynthSample) => number) => (samples ? median(samples.map(pick)) : undefined);
  timed(`synth ${synth.constructs} TeamTokens: construct + App.synth, median of ${synth.ours.length}`, medianOf(synth.ours, (s) => s.synthMs), medianOf(synth.tfe, (s) => s.synthMs));
  timed("  whole synth process", medianOf(synth.ours, (s) => s.processMs), medianOf(synth.tfe, (s) => s.processMs));

  const columns = COLUMNS.map((column, index) => (index === 2 ? { ...column, heading: results.tfeLabel } : column));
  return `${renderTable(columns, rows)}\n\nengine: ${results.engine}; emulator latency ${results.latencyMs} ms, -parallelism=${results.parallelism}. Ratios are ours ÷ tfe (below 1: ours is faster or smaller); timings are printed, never judged.`;
}
