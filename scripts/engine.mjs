#!/usr/bin/env node
// Finds the Terraform-compatible engines the end-to-end tests drive. Terraform releases cannot be
// downloaded on every machine this project runs on, but Go modules can, so when no engine is
// installed (and in CI, so both engines are covered) OpenTofu is built from its Go module.
// Plain ESM with no dependencies: it runs before anything is compiled.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { devNull, homedir, tmpdir } from "node:os";
import { delimiter, dirname, join, resolve, sep } from "node:path";
import { runAsCommand } from "./main-module.mjs";

/** The OpenTofu release this project builds when it has to. */
export const OPENTOFU_VERSION = "1.12.6";
/** The Go module OpenTofu is built from. */
export const OPENTOFU_MODULE = "github.com/opentofu/opentofu";

const PRODUCT_NAMES = { Terraform: "terraform", OpenTofu: "tofu" };
const VERSION_TIMEOUT_MS = 30_000;
const MODULE_DOWNLOAD_TIMEOUT_MS = 15 * 60_000;
const BUILD_TIMEOUT_MS = 75 * 60_000;
const HEARTBEAT_MS = 30_000;
const GO_OUTPUT_TAIL_LINES = 40;

/** Where built engines are kept: `$TOKENHOOKS_CACHE_DIR`, else `${XDG_CACHE_HOME:-~/.cache}/cdktf-token-hooks`. */
export function cacheDir(env = process.env) {
  if (env.TOKENHOOKS_CACHE_DIR) return resolve(env.TOKENHOOKS_CACHE_DIR);
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "cdktf-token-hooks");
}

/** The path of the OpenTofu binary this script builds. */
export function cachedTofuPath(env = process.env) {
  return join(cacheDir(env), `tofu-${OPENTOFU_VERSION}`, "tofu");
}

/**
 * The engine version from `terraform version -json` / `tofu version -json` output. OpenTofu prints
 * CLI-configuration diagnostics on stdout ahead of the JSON, so parsing starts at the first line
 * that opens an object.
 */
export function parseVersionJson(stdout) {
  const start = /^\{/m.exec(stdout);
  if (!start) throw new Error(`no JSON object in version output: ${JSON.stringify(stdout.slice(0, 200))}`);
  const version = JSON.parse(stdout.slice(start.index)).terraform_version;
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new Error(`version output has no terraform_version: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  return version;
}

/**
 * Which engine printed this `version` output ("Terraform v1.11.4" or "OpenTofu v1.12.6" on its
 * first line) — the JSON form does not say. `undefined` for anything else.
 */
export function parseProductName(stdout) {
  const product = /^(Terraform|OpenTofu) v\d/.exec(stdout)?.[1];
  return product === undefined ? undefined : PRODUCT_NAMES[product];
}

/**
 * Resolves `command` (a path, or a name looked up on `env.PATH`) and asks it what it is.
 * `undefined` when there is no such executable or it is neither Terraform nor OpenTofu;
 * throws when it exists but `version` fails.
 */
export function identifyEngine(command, env = process.env) {
  const path = resolveExecutable(command, env);
  if (path === undefined) return undefined;
  const name = parseProductName(runVersion(path, [], env));
  if (name === undefined) return undefined;
  return { name, path, version: parseVersionJson(runVersion(path, ["-json"], env)) };
}

/**
 * The engines to test with. `$TERRAFORM_BINARY_NAME` (a name or a path), when set, is the only one.
 * Otherwise: `terraform` and `tofu` on PATH, and OpenTofu from the build cache when none is on
 * PATH. OpenTofu is built when no engine was found at all, or when `build` is set and OpenTofu is
 * missing (so CI covers both engines). Terraform comes first.
 */
export async function findEngines({ build, env = process.env, progress = printProgress }) {
  const chosen = env.TERRAFORM_BINARY_NAME;
  if (chosen) {
    const engine = identifyEngine(chosen, env);
    if (engine === undefined) throw new Error(`TERRAFORM_BINARY_NAME=${chosen} is not a Terraform or OpenTofu executable`);
    return [engine];
  }
  const engines = [];
  const hasTofu = () => engines.some((engine) => engine.name === "tofu");
  const add = (engine) => {
    if (engine !== undefined && !engines.some((found) => found.name === engine.name)) engines.push(engine);
  };
  add(identifyEngine("terraform", env));
  add(identifyEngine("tofu", env));
  if (!hasTofu()) add(cachedOpenTofu(env));
  if (!hasTofu() && (build || engines.length === 0)) add(await buildOpenTofu({ env, progress }));
  return engines;
}

/**
 * Builds OpenTofu v{@link OPENTOFU_VERSION} with the machine's Go into {@link cachedTofuPath}.
 * `go install` refuses the module (its go.mod has `replace` directives), so the module's source
 * is copied out of the read-only module cache and built there. The binary is verified, then moved
 * into place atomically, so a concurrent run never sees half a file.
 */
export async function buildOpenTofu({ env = process.env, progress = printProgress } = {}) {
  const target = cachedTofuPath(env);
  const go = resolveExecutable("go", env);
  if (go === undefined) throw new Error(`cannot build OpenTofu v${OPENTOFU_VERSION}: no go on PATH (install terraform, tofu or go)`);
  const started = performance.now();
  progress(`building OpenTofu v${OPENTOFU_VERSION} from ${OPENTOFU_MODULE} into ${target} (first time only: takes minutes)`);
  const workDir = mkdtempSync(join(tmpdir(), "tokenhooks-tofu-build-"));
  const staged = `${target}.${process.pid}.partial`;
  try {
    progress("  downloading the module");
    const sourceDir = await stageModuleSource({ go, module: OPENTOFU_MODULE, version: OPENTOFU_VERSION, workDir, env });
    mkdirSync(dirname(target), { recursive: true });
    progress("  compiling (go build)");
    await runGo(go, ["build", "-v", "-trimpath", `-ldflags=-s -w -X ${OPENTOFU_MODULE}/version.dev=no`, "-o", staged, "./cmd/tofu"], {
      cwd: sourceDir,
      env: { ...env, CGO_ENABLED: "0" },
      timeoutMs: BUILD_TIMEOUT_MS,
      heartbeat: (elapsed, lines) => progress(`  still compiling: ${formatDuration(elapsed)}, ${lines} packages so far`),
    });
    const engine = identifyEngine(staged, env);
    if (engine?.name !== "tofu" || engine.version !== OPENTOFU_VERSION) {
      throw new Error(`the built binary reports ${engine ? `${engine.name} ${engine.version}` : "no engine version"}, expected tofu ${OPENTOFU_VERSION}`);
    }
    renameSync(staged, target);
    progress(`built OpenTofu v${OPENTOFU_VERSION} in ${formatDuration(performance.now() - started)}`);
    return { ...engine, path: target };
  } finally {
    rmSync(staged, { force: true });
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The cached OpenTofu build, when present and of the pinned version. */
function cachedOpenTofu(env) {
  const path = cachedTofuPath(env);
  if (!existsSync(path)) return undefined;
  const engine = identifyEngine(path, env);
  return engine?.name === "tofu" && engine.version === OPENTOFU_VERSION ? engine : undefined;
}

/** `command` as an absolute path: itself when it contains a separator, else looked up on `env.PATH`. */
export function resolveExecutable(command, env) {
  if (command.includes(sep)) {
    const path = resolve(command);
    return isExecutableFile(path) ? path : undefined;
  }
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const path = resolve(dir, command);
    if (isExecutableFile(path)) return path;
  }
  return undefined;
}

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Runs `<engine> version [...args]` without checkpoint calls or the user's CLI configuration. */
function runVersion(path, args, env) {
  const result = spawnSync(path, ["version", ...args], {
    env: { ...env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: devNull },
    encoding: "utf8",
    timeout: VERSION_TIMEOUT_MS,
  });
  if (result.error) throw new Error(`${path} version ${args.join(" ")} failed: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${path} version ${args.join(" ")} exited ${result.status ?? result.signal}: ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * Downloads `module@v<version>` into Go's module cache and copies its source to a writable
 * directory below `workDir`, for modules `go install` refuses. Returns the copy's path.
 */
export async function stageModuleSource({ go, module, version, workDir, env }) {
  const { stdout } = await runGo(go, ["mod", "download", "-json", `${module}@v${version}`], {
    cwd: workDir,
    env,
    timeoutMs: MODULE_DOWNLOAD_TIMEOUT_MS,
  });
  const info = JSON.parse(stdout);
  if (typeof info.Dir !== "string") throw new Error(`go mod download reported no module directory: ${stdout.trim()}`);
  const sourceDir = join(workDir, "source");
  cpSync(info.Dir, sourceDir, { recursive: true });
  makeOwnerWritable(sourceDir);
  return sourceDir;
}

/** The module cache is read-only; the copy must be writable for `go build` and for removal. */
function makeOwnerWritable(root) {
  chmodSync(root, statSync(root).mode | 0o200);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isSymbolicLink()) chmodSync(path, statSync(path).mode | 0o200);
  }
}

/**
 * Runs go, collecting stdout; stderr lines are counted for the heartbeat (with `-v`, one line per
 * package built) and their tail goes into the error when go fails.
 */
export function runGo(go, args, { cwd, env, timeoutMs, heartbeat }) {
  const command = `go ${args.join(" ")}`;
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(go, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout = [];
    const stderrTail = [];
    let stderrLines = 0;
    let partialLine = "";
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const ticker = heartbeat ? setInterval(() => heartbeat(performance.now() - started, stderrLines), HEARTBEAT_MS) : undefined;
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      const lines = (partialLine + chunk).split("\n");
      partialLine = lines.pop();
      stderrLines += lines.length;
      stderrTail.push(...lines);
      stderrTail.splice(0, Math.max(0, stderrTail.length - GO_OUTPUT_TAIL_LINES));
    });
    const finish = () => {
      clearTimeout(timeout);
      clearInterval(ticker);
    };
    child.on("error", (error) => {
      finish();
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      finish();
      if (code === 0) {
        resolvePromise({ stdout: Buffer.concat(stdout).toString("utf8") });
        return;
      }
      const reason = timedOut ? `timed out after ${formatDuration(timeoutMs)}` : `exited ${code ?? signal}`;
      const output = [...stderrTail, partialLine, Buffer.concat(stdout).toString("utf8")].join("\n").trim();
      reject(new Error(`${command} (in ${cwd}) ${reason}:\n${output}`));
    });
  });
}

/** `42s` or `3m07s`. */
export function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** The default progress sink: one line on stderr. */
export function printProgress(line) {
  process.stderr.write(`${line}\n`);
}

async function main(args) {
  const unknown = args.filter((arg) => arg !== "--build" && arg !== "--json");
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\nusage: node scripts/engine.mjs [--build] [--json]\n`);
    return 2;
  }
  const engines = await findEngines({ build: args.includes("--build") });
  process.stdout.write(args.includes("--json") ? `${JSON.stringify(engines)}\n` : engines.map((e) => `${e.name} ${e.version} ${e.path}\n`).join(""));
  return 0;
}

runAsCommand(import.meta.url, main);
