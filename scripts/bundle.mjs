#!/usr/bin/env node
// Bundles the provider plugin and the CLI into single executable files. The plugin's bytes are
// hashed into every user's .terraform.lock.hcl, so the output must be identical on every machine:
// no absolute paths, no timestamps, no source maps.
import { build } from "esbuild";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { runAsCommand } from "./main-module.mjs";
import { withLauncher } from "./plugin-launcher.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * What gets bundled: each entry point (relative to the repository), the executable it becomes, and
 * the modules it defers. The plugin defers its HTTP stack (undici): most of the 3–5 plugin
 * processes an engine starts per command never call an API, and undici is most of the bundle's code.
 */
export const ENTRIES = Object.freeze([
  Object.freeze({ source: "src/main/terraform-provider-tokenhooks.ts", outfile: "dist/terraform-provider-tokenhooks.js", deferred: Object.freeze(["src/http/undici.ts"]), launcher: true }),
  Object.freeze({ source: "src/cli/main.ts", outfile: "dist/cdktf-token-hooks.js", deferred: Object.freeze([]), launcher: false }),
]);

/**
 * How every bundle is built: the same bytes on every machine. Minified, but stack traces still name
 * functions and classes (keepNames). Shared with the plugins packaged from users' provider modules
 * at synth (src/constructs/user-plugin-bundle.ts), hence a JSON file the package ships.
 */
const COMMON_OPTIONS = Object.freeze({
  ...JSON.parse(readFileSync(resolve(ROOT, "src/plugin-bundle-options.json"), "utf8")),
  absWorkingDir: ROOT,
});

/**
 * An esbuild plugin that bundles each of `modules` (files, relative to the repository) on its own,
 * with what it imports, and embeds it as source text, compiled on the first `require`. Text costs
 * the engine a scan instead of a parse, so code that a run may never use no longer slows every
 * start; one copy still serves every importer.
 */
function deferredModules(modules) {
  const files = new Set(modules.map((module) => resolve(ROOT, module)));
  // Only specifiers that may name one of the files are resolved a second time.
  const names = [...files].map((file) => basename(file).replace(/\.[^.]*$/, "").replace(/[^\w-]/g, "\\$&"));
  return {
    name: "deferred-modules",
    setup(builder) {
      builder.onResolve({ filter: new RegExp(`(^|/)(${names.join("|")})(\\.[cm]?[jt]s)?$`) }, async (args) => {
        if (args.pluginData?.deferredModules) return undefined;
        const { path, errors } = await builder.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { deferredModules: true } });
        return errors.length === 0 && files.has(path) ? { path: relative(ROOT, path).split(sep).join("/"), namespace: "deferred" } : undefined;
      });
      builder.onLoad({ filter: /.*/, namespace: "deferred" }, async ({ path }) => {
        const inner = await build({ ...COMMON_OPTIONS, entryPoints: [resolve(ROOT, path)] });
        const source = JSON.stringify(inner.outputFiles[0].text);
        return {
          loader: "js",
          contents: `require("node:vm").compileFunction(${source}, ["exports", "require", "module"], { filename: ${JSON.stringify(`${path} (deferred)`)} })(exports, require, module);`,
        };
      });
    },
  };
}

/**
 * Bundles one entry point into one executable file (mode 755), with the `deferred` modules (files,
 * relative to the repository) embedded as text compiled on first use. It starts with
 * `#!/usr/bin/env node`, or with the shell launcher that serves it from a warm plugin server
 * (`launcher`). Relative paths are taken from the repository root. The file is replaced
 * atomically, so a process that starts the executable meanwhile sees the old or the new bundle,
 * never half of one.
 */
export async function bundleEntry(entry, outfile, { deferred = [], launcher = false } = {}) {
  const target = resolve(ROOT, outfile);
  const result = await build({
    ...COMMON_OPTIONS,
    entryPoints: [resolve(ROOT, entry)],
    outfile: target,
    ...(launcher ? {} : { banner: { js: "#!/usr/bin/env node" } }),
    plugins: deferred.length === 0 ? [] : [deferredModules(deferred)],
  });
  mkdirSync(dirname(target), { recursive: true });
  const staged = `${target}.${process.pid}.partial`;
  const bytes = result.outputFiles[0].contents;
  writeFileSync(staged, launcher ? withLauncher(bytes) : bytes, { mode: 0o755 });
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

async function bundleOrReport({ source, outfile, deferred, launcher }, log) {
  if (!existsSync(resolve(ROOT, source))) {
    log(`bundle: skipped ${source} (not written yet)`);
    return { source, outfile, status: "skipped" };
  }
  try {
    await bundleEntry(source, outfile, { deferred, launcher });
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

runAsCommand(import.meta.url, main);
