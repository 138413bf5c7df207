import { App, TerraformStack } from "cdktf";

/** A team id of the shape HCP Terraform uses, which our constructs check at synth time. */
export const BENCH_TEAM_ID = "team-BenchAbCdEf12345";

/** What a synth child prints on stdout, as one JSON line. */
export interface SynthReport {
  /** From `new App` until `app.synth()` returned: construction plus synthesis. */
  readonly synthMs: number;
}

/**
 * The body of a synth child (`node <bundle> <count> <outdir>`): builds one stack with `count`
 * resources through `addResources`, synthesizes it into `outdir` as `cdktf synth` would, and
 * prints a {@link SynthReport}.
 */
export function synthAndReport(addResources: (stack: TerraformStack, count: number) => void): void {
  const [count, outdir] = process.argv.slice(2);
  const started = performance.now();
  const app = new App({ outdir, stackTraces: false });
  addResources(new TerraformStack(app, "bench"), Number(count));
  app.synth();
  const report: SynthReport = { synthMs: performance.now() - started };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
