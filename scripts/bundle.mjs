#!/usr/bin/env node
// Bundles the provider plugin and the CLI into single executable files. The plugin's bytes are
// hashed into every user's .terraform.lock.hcl, so the output must be identical on every machine:
// no absolute paths, no timestamps, no source maps.
import { build } from "esbuild";
import { chmodSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** What gets bundled: each entry point (relative to the repository) and the executable it becomes. */
export const ENTRIES = Object.freeze([
  Object.freeze({ source: "src/plugin/main.ts", outfile: "dist/terraform-provider-tokenhooks.js" }),
  Object.freeze({ source: "src/cli/main.ts", outfile: "dist/cdktf-token-hooks.js" }),
]);

/**
 * Bundles one entry point into one executable file (mode 755, `#!/usr/bin/env node`). Relative
 * paths are taken from the repository root. The file is replaced atomically, so a process that
 * starts the executable meanwhile sees the old or the new bundle, never half of one.
 */
export async function bundleEntry(entry, outfile) {
  const target = resolve(ROOT, outfile);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [resolve(ROOT, entry)],
    outfile: target,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    // Minified, but stack traces still name functions and classes.
    keepNames: true,
    banner: { js: "#!/usr/bin/env node" },
    sourcemap: false,
    write: false,
    logLevel: "silent",
  });
  mkdirSync(dirname(target), { recursive: true });
  const staged = `${target}.${process.pid}.partial`;
  writeFileSync(staged, result.outputFiles[0].contents, { mode: 0o755 });
  // The umask may have narrowed the mode given at creation.
  chmodSync(staged, 0o755);
  renameSync(staged, target);
}

/**
 * Bundles every entry of {@link ENTRIES} (or `entries`), concurrently. An entry whose source does
 * not exist yet is skipped. A failed entry does not stop the others; its stale executable is
 * removed so nothing runs outdated code. Returns one outcome per entry, in order, and reports each
 * skip or failure to `log`.
 */
export async function bundleAll({ entries = ENTRIES, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  return Promise.all(entries.map((entry) => bundleOrReport(entry, log)));
}

async function bundleOrReport({ source, outfile }, log) {
  if (!existsSync(resolve(ROOT, source))) {
    log(`bundle: skipped ${source} (not written yet)`);
    return { source, outfile, status: "skipped" };
  }
  try {
    await bundleEntry(source, outfile);
    return { source, outfile, status: "bundled" };
  } catch (error) {
    rmSync(resolve(ROOT, outfile), { force: true });
    const message = error instanceof Error ? error.message : String(error);
    log(`bundle: FAILED ${source} → ${outfile} (removed):\n${message}`);
    return { source, outfile, status: "failed", message };
  }
}

async function main() {
  const outcomes = await bundleAll();
  for (const { outfile, status } of outcomes) {
    if (status === "bundled") process.stdout.write(`bundled ${outfile}\n`);
  }
  return outcomes.some(({ status }) => status === "failed") ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
