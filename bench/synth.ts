import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";
import type { SynthReport } from "./synth-apps/synth-and-report";

const ROOT = resolve(__dirname, "..");
const CHILD_TIMEOUT_MS = 5 * 60_000;

/** A synth child: its label and its entry point under `bench/synth-apps/`. */
export interface SynthApp {
  readonly label: string;
  readonly entry: string;
}

/** One synth child's timings. */
export interface SynthSample extends SynthReport {
  /** From spawn to exit: Node start, loading cdktf and the bindings, construction, synthesis. */
  readonly processMs: number;
}

/**
 * Synthesizes a stack of `count` team tokens `runs` times per app, each in a fresh child
 * process as `cdktf synth` runs the app, alternating between the apps. Each app is first
 * bundled with esbuild as compiled JavaScript (so our TypeScript sources cost no compile time at
 * run time, as with the published package); cdktf and the prebuilt bindings load from node_modules.
 */
export async function measureSynth(apps: readonly SynthApp[], count: number, runs: number): Promise<Map<string, SynthSample[]>> {
  const workDir = mkdtempSync(join(tmpdir(), "tokenhooks-bench-synth-"));
  try {
    const bundles = await Promise.all(apps.map((app) => bundleApp(app, workDir)));
    const samples = new Map(apps.map((app) => [app.label, [] as SynthSample[]]));
    for (let run = 0; run < runs; run++) {
      for (const [index, app] of apps.entries()) {
        const outdir = join(workDir, `out-${index}-${run}`);
        samples.get(app.label)!.push(await runSynthChild(bundles[index], count, outdir));
        rmSync(outdir, { recursive: true, force: true });
      }
    }
    return samples;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function bundleApp(app: SynthApp, workDir: string): Promise<string> {
  const outfile = join(workDir, `${app.entry.replace(/\W/g, "-")}.js`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [resolve(ROOT, "bench", "synth-apps", app.entry)],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    // The plugin shim finds dist/ relative to its own source file, which the bundle no longer sits beside.
    define: { __dirname: JSON.stringify(join(ROOT, "src", "constructs")) },
    logLevel: "silent",
  });
  return outfile;
}

function runSynthChild(bundle: string, count: number, outdir: string): Promise<SynthSample> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    // The bundle lives outside the repository: its bare imports resolve through NODE_PATH.
    const child = spawn(process.execPath, [bundle, String(count), outdir], {
      cwd: dirname(outdir),
      env: { ...process.env, NODE_PATH: join(ROOT, "node_modules") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const processMs = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`synth of ${bundle} exited ${code ?? signal}:\n${stderr.trim()}`));
        return;
      }
      const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as SynthReport;
      resolvePromise({ ...report, processMs });
    });
  });
}
