import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync, version as esbuildVersion, type BuildOptions } from "esbuild";
import deterministicOptions from "../plugin-bundle-options.json";

/** A plugin executable packaged from a user's provider module. */
export interface PackagedPlugin {
  /** The executable's file, in the cache. */
  readonly bundlePath: string;
  /**
   * `0.0.0-h<first 16 hex digits of the bundle's sha256>`: a changed hook (or dependency) is a new
   * version, hence a new mirror directory and lock entry. A pre-release version, so an engine
   * selects it only when `required_providers` names it exactly, as these constructs do; the `h`
   * keeps an all-digit hash from being a numeric identifier with a leading zero, which semver forbids.
   */
  readonly version: string;
  /** False when the cache already held the bundle of these inputs. */
  readonly bundled: boolean;
}

/** What {@link packageProviderPlugin} bundles, and where it keeps the result. */
export interface PluginPackaging {
  /** The user's module exporting the provider (what `defineProvider` returns), TypeScript or JavaScript. */
  readonly entry: string;
  /** The provider's type name, `<name>` of `cdktf-token-hooks.local/<name>/<name>`. */
  readonly typeName: string;
  /** The user's project: esbuild's working directory, and where the cache lives by default. */
  readonly projectDir?: string;
  /** @default `<projectDir>/node_modules/.cache/cdktf-token-hooks/plugins` */
  readonly cacheDir?: string;
}

/** The content hash of every file a bundle was built from, by absolute path, and the bundle's. */
interface CacheManifest {
  readonly inputs: Readonly<Record<string, string>>;
  readonly bundleHash: string;
}

/** The served module of every packaged plugin: `lib/main/...` installed, `src/main/...` in the repository. */
const PLUGIN_RUNTIME = path.join(__dirname, "..", "main", "user-provider-plugin");
/** The generated entry's name in esbuild's inputs; it is no file, so not one of the cached inputs. */
const GENERATED_ENTRY = "plugin-entry.js";

/**
 * Bundles the plugin executable serving the provider `typeName` exported by `entry`, with esbuild,
 * into one file the engines run (`#!/usr/bin/env node`, mode 755), or finds it in the cache when
 * no input changed since (inputs are compared by content, so touching a file costs nothing).
 * The user's module and its npm dependencies resolve from the user's project.
 */
export function packageProviderPlugin(packaging: PluginPackaging): PackagedPlugin {
  const projectDir = path.resolve(packaging.projectDir ?? process.cwd());
  const entry = path.resolve(projectDir, packaging.entry);
  const cacheDir = packaging.cacheDir ?? path.join(projectDir, "node_modules", ".cache", "cdktf-token-hooks", "plugins");
  // Keyed by what shapes the bundle besides its input files' content, which the manifest holds.
  const manifestFile = path.join(cacheDir, `${sha256(JSON.stringify([entry, packaging.typeName, projectDir, esbuildVersion, PLUGIN_RUNTIME]))}.json`);
  const cached = freshManifest(manifestFile, cacheDir);
  if (cached) return packaged(cacheDir, cached.bundleHash, false);

  const { bytes, inputs } = bundle(entry, packaging.typeName, projectDir);
  const bundleHash = sha256(bytes);
  fs.mkdirSync(cacheDir, { recursive: true });
  writeAtomically(path.join(cacheDir, `${bundleHash}.js`), bytes, 0o755);
  const manifest: CacheManifest = { inputs: Object.fromEntries(inputs.map((file) => [file, sha256(fs.readFileSync(file))])), bundleHash };
  writeAtomically(manifestFile, Buffer.from(JSON.stringify(manifest)), 0o644);
  return packaged(cacheDir, bundleHash, true);
}

/**
 * The generated entry: claims stdout for the handshake before the user's module runs (its
 * console.log at load time then reaches stderr, which the engine logs), then serves its provider.
 * It adds nothing to start-up beyond the module and the serving framework.
 */
function generatedEntry(entry: string, typeName: string, projectDir: string): string {
  const shownEntry = path.relative(projectDir, entry).split(path.sep).join("/");
  return [
    `const runtime = require(${JSON.stringify(PLUGIN_RUNTIME)});`,
    "runtime.claimStdout();",
    `runtime.serveProviderModule(require(${JSON.stringify(entry)}), ${JSON.stringify(typeName)}, ${JSON.stringify(shownEntry)}, ${JSON.stringify(`cdktf-token-hooks.local/${typeName}/${typeName}`)});`,
  ].join("\n");
}

function bundle(entry: string, typeName: string, projectDir: string): { bytes: Buffer; inputs: string[] } {
  if (!fs.existsSync(entry)) throw new Error(`cdktf-token-hooks: the module of provider ${typeName} is missing at ${entry}`);
  try {
    const result = buildSync({
      stdin: { contents: generatedEntry(entry, typeName, projectDir), resolveDir: projectDir, sourcefile: GENERATED_ENTRY, loader: "js" },
      // Module names in the bundle are relative to the project, so the bytes (and the version) are the same wherever it lies.
      absWorkingDir: projectDir,
      // The options of the built-in plugin's bundle (scripts/bundle.mjs): the same bytes on every machine.
      ...(deterministicOptions as BuildOptions),
      // Restated so that the result's type has the output files and the metafile.
      write: false,
      metafile: true,
      banner: { js: "#!/usr/bin/env node" },
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((input) => input !== GENERATED_ENTRY)
      .map((input) => path.resolve(projectDir, input));
    return { bytes: Buffer.from(result.outputFiles[0].contents), inputs };
  } catch (error) {
    throw new Error(`cdktf-token-hooks: bundling the plugin of provider ${typeName} from ${entry} failed:\n${(error as Error).message}`);
  }
}

/** The cache's manifest when its bundle exists and every input still has the content it was built from. */
function freshManifest(manifestFile: string, cacheDir: string): CacheManifest | undefined {
  if (!fs.existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as CacheManifest;
  if (!fs.existsSync(path.join(cacheDir, `${manifest.bundleHash}.js`))) return undefined;
  const unchanged = Object.entries(manifest.inputs).every(([file, hash]) => fs.existsSync(file) && sha256(fs.readFileSync(file)) === hash);
  return unchanged ? manifest : undefined;
}

function packaged(cacheDir: string, bundleHash: string, bundled: boolean): PackagedPlugin {
  return { bundlePath: path.join(cacheDir, `${bundleHash}.js`), version: `0.0.0-h${bundleHash.slice(0, 16)}`, bundled };
}

/** Replaces `file` in one step, so a concurrent synth reads the old or the new content, never half. */
function writeAtomically(file: string, bytes: Buffer, mode: number): void {
  const staged = `${file}.${process.pid}.partial`;
  fs.writeFileSync(staged, bytes, { mode });
  fs.chmodSync(staged, mode);
  fs.renameSync(staged, file);
}

function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}
