/** How much each benchmark does: the default takes about three minutes on a quiet 2-core machine. */
export interface BenchSizes {
  /** Timed starts per plugin (plus one warm-up each). */
  readonly coldStartRuns: number;
  /** Token counts of the apply-throughput runs. */
  readonly applyTokenCounts: readonly number[];
  /** Apply + destroy runs per token count and provider (the table shows medians). */
  readonly applyRuns: number;
  /** Creates of the rate-limit saturation run. */
  readonly saturationCreates: number;
  /** `TeamToken` constructs per synthesized stack. */
  readonly synthConstructs: number;
  /** Synth child processes per binding. */
  readonly synthRuns: number;
}

/**
 * The sizes the task asks for, each measured a few times: an apply or destroy varies by 5-10 %
 * from run to run, so one run cannot tell 0.95x from 1.05x. `BENCH_FULL=1` repeats them more
 * often for steadier medians (about twice as long).
 */
export function benchSizes(env: NodeJS.ProcessEnv = process.env): BenchSizes {
  const full = env.BENCH_FULL === "1";
  return {
    coldStartRuns: full ? 50 : 20,
    applyTokenCounts: [50, 200],
    applyRuns: full ? 5 : 3,
    saturationCreates: 500,
    synthConstructs: 1000,
    synthRuns: full ? 7 : 3,
  };
}
