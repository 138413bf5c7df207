#!/usr/bin/env node
// `npm run bench`: runs bench/main.ts (TypeScript, through ts-node) and passes its exit code on.
// It measures our plugin against terraform-provider-tfe (when `node scripts/tfe-provider.mjs --build`
// has built it; otherwise ours alone) on the first engine found, against one local emulator, and
// prints one table: timings are reported, never judged. Ours is measured as engines meet it:
// cold starts over real pipes, served by a warm plugin server (started by the bench on a private
// XDG_RUNTIME_DIR), on a first launch and in-process; applies, destroys and the rate-limit run
// served by a fresh warm server each, whose memory counts. The table goes to stdout, progress to
// stderr. Applies and destroys are medians of 3 runs. About 3 minutes on a quiet 2-core machine;
// `BENCH_FULL=1` repeats the measurements more often for steadier medians (about twice as long).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const bench = spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", "bench/main.ts", ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
});
if (bench.error) process.stderr.write(`bench could not start: ${bench.error.message}\n`);
process.exitCode = bench.status ?? 1;
