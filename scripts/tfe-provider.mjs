#!/usr/bin/env node
// HashiCorp's terraform-provider-tfe, built with the machine's Go, is what the benchmarks and the
// end-to-end tests compare our plugin against. The Go module proxy refuses this module (403 for
// every version) but serves all of its dependencies, so it is built from the source archive in
// ../shared/peers (see its README). Plain ESM with no dependencies, like scripts/engine.mjs, whose
// Go helpers it shares.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, formatDuration, printProgress, resolveExecutable, runGo } from "./engine.mjs";
import { runAsCommand } from "./main-module.mjs";

/** The release `@cdktf/provider-tfe` 12.5.1 binds. */
export const TFE_PROVIDER_VERSION = "0.71.0";
/** The Go module the provider is. */
export const TFE_PROVIDER_MODULE = "github.com/hashicorp/terraform-provider-tfe";
/** The source archive's file name in the peers directory. */
export const TFE_PROVIDER_ARCHIVE = `terraform-provider-tfe-v${TFE_PROVIDER_VERSION}-src.tar.gz`;
/**
 * `hashicorp/tfe` means `registry.terraform.io/hashicorp/tfe` to Terraform and
 * `registry.opentofu.org/hashicorp/tfe` to OpenTofu, so a mirror needs the package under both.
 */
export const TFE_PROVIDER_REGISTRY_HOSTS = ["registry.terraform.io", "registry.opentofu.org"];

/** What go-plugin hosts (Terraform, OpenTofu) put in a plugin's environment. */
export const PLUGIN_HANDSHAKE_ENV = {
  TF_PLUGIN_MAGIC_COOKIE: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
  PLUGIN_PROTOCOL_VERSIONS: "5,6",
  PLUGIN_MIN_PORT: "10000",
  PLUGIN_MAX_PORT: "25000",
};

const EXECUTABLE_NAME = `terraform-provider-tfe_v${TFE_PROVIDER_VERSION}`;
const BUILD_TIMEOUT_MS = 60 * 60_000;
const HANDSHAKE_TIMEOUT_MS = 30_000;
/** How long a plugin that exited before its handshake line gets to finish writing its stderr. */
const STDERR_DRAIN_MS = 1000;
const HANDSHAKE_LINE = /^\d+\|[56]\|(unix|tcp)\|[^|]+\|grpc\|/;
const EXTRACT_TIMEOUT_MS = 5 * 60_000;
const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Where the peers' source archives are: `$TOKENHOOKS_PEERS_DIR`, else `shared/peers` beside this
 * repository (where CI puts it).
 */
export function peersDir(env = process.env) {
  return env.TOKENHOOKS_PEERS_DIR ? resolve(env.TOKENHOOKS_PEERS_DIR) : resolve(REPOSITORY_ROOT, "..", "shared", "peers");
}

/** Where the built provider is kept: `<cacheDir>/terraform-provider-tfe-<version>/terraform-provider-tfe_v<version>`. */
export function cachedTfeProviderPath(env = process.env) {
  return join(cacheDir(env), `terraform-provider-tfe-${TFE_PROVIDER_VERSION}`, EXECUTABLE_NAME);
}

/** The cached provider build, or `undefined` when there is none. Never builds. */
export function findTfeProvider(env = process.env) {
  const path = cachedTfeProviderPath(env);
  return resolveExecutable(path, env) === undefined ? undefined : { path, version: TFE_PROVIDER_VERSION };
}

/**
 * The cached provider build; when there is none and `build` is set, builds it (minutes, once).
 * `undefined` when there is none and `build` is not set. Rejects when the build fails.
 */
export async function findOrBuildTfeProvider({ build, env = process.env, progress = printProgress }) {
  const found = findTfeProvider(env);
  if (found !== undefined || !build) return found;
  return buildTfeProvider({ env, progress });
}

/**
 * For test/global-setup.ts: the provider, built first when it is missing. The tests need it, so a
 * build that fails rejects, with go's words, and fails the run.
 */
export async function prepareTfeProviderForTests({ env = process.env, progress = printProgress } = {}) {
  return findOrBuildTfeProvider({ build: true, env, progress });
}

/**
 * Builds terraform-provider-tfe v{@link TFE_PROVIDER_VERSION} into {@link cachedTfeProviderPath}
 * from {@link TFE_PROVIDER_ARCHIVE} in {@link peersDir}: unpacked into a temporary directory, its
 * dependencies from the Go module proxy. The binary must answer the go-plugin handshake before it
 * is moved into place (atomically: a concurrent run never sees half a file). Resolves to
 * `{ path, version, buildMs }`.
 */
export async function buildTfeProvider({ env = process.env, progress = printProgress } = {}) {
  const target = cachedTfeProviderPath(env);
  const archive = join(peersDir(env), TFE_PROVIDER_ARCHIVE);
  const go = resolveExecutable("go", env);
  if (go === undefined) throw new Error(`cannot build terraform-provider-tfe v${TFE_PROVIDER_VERSION}: no go on PATH`);
  if (!existsSync(archive)) {
    throw new Error(
      `cannot build terraform-provider-tfe v${TFE_PROVIDER_VERSION}: its source archive ${archive} is missing ` +
        "(the Go module proxy refuses the module; put shared/ beside the repository or set TOKENHOOKS_PEERS_DIR)",
    );
  }
  const started = performance.now();
  progress(`building terraform-provider-tfe v${TFE_PROVIDER_VERSION} from ${archive} into ${target} (first time only: takes minutes)`);
  mkdirSync(dirname(target), { recursive: true });
  const staged = `${target}.${process.pid}.partial`;
  const sourceDir = mkdtempSync(join(tmpdir(), "tokenhooks-tfe-build-"));
  try {
    await runCommand("tar", ["-xzf", archive, "-C", sourceDir], { env, timeoutMs: EXTRACT_TIMEOUT_MS });
    progress("  compiling (go build)");
    await runGo(go, ["build", "-v", "-trimpath", "-ldflags=-s -w", "-o", staged, "."], {
      cwd: sourceDir,
      env: { ...env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" },
      timeoutMs: BUILD_TIMEOUT_MS,
      heartbeat: (elapsed, lines) => progress(`  still compiling: ${formatDuration(elapsed)}, ${lines} packages so far`),
    });
    await timePluginHandshake(staged, { env });
    renameSync(staged, target);
    const buildMs = performance.now() - started;
    progress(`built terraform-provider-tfe v${TFE_PROVIDER_VERSION} in ${formatDuration(buildMs)}`);
    return { path: target, version: TFE_PROVIDER_VERSION, buildMs };
  } finally {
    rmSync(staged, { force: true });
    rmSync(sourceDir, { recursive: true, force: true });
  }
}

/** Runs a command to completion; rejects with its stderr when it fails. */
function runCommand(command, args, { env, timeoutMs }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"], timeout: timeoutMs });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on("error", (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on("close", (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(" ")} exited ${code ?? signal}:\n${stderr.trim()}`)),
    );
  });
}

/**
 * Installs the provider as an unpacked package of `hashicorp/tfe` in a `terraform.d/plugins`-style
 * mirror directory, under both registry hosts (see {@link TFE_PROVIDER_REGISTRY_HOSTS}), for
 * `platform` (`<GOOS>_<GOARCH>`, e.g. `linux_amd64`). Returns the installed paths.
 */
export function installTfeProviderMirror(provider, pluginsDir, platform) {
  return TFE_PROVIDER_REGISTRY_HOSTS.map((host) => {
    const target = join(pluginsDir, host, "hashicorp", "tfe", provider.version, platform, `terraform-provider-tfe_v${provider.version}`);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(provider.path, target);
    chmodSync(target, 0o755);
    return target;
  });
}

/**
 * Starts `executable` as Terraform starts a provider plugin, waits for its go-plugin handshake
 * line on stdout, then kills it (SIGKILL, as go-plugin does once the host is done with a plugin)
 * and waits for it to exit. `env` is the base environment; `extraEnv` (e.g. `PLUGIN_CLIENT_CERT`)
 * is added to it. Its stdout and stderr are real pipes (FIFOs), as a Go host's `os/exec` gives
 * them, not the socket pairs Node's `spawn` makes, which a plugin may treat differently (ours
 * hands a launch to its warm server only over pipes). The FIFOs and the plugin's unix socket go
 * into a temporary directory (its TMPDIR) that is removed afterwards. Resolves to the line and the
 * milliseconds from spawn until it arrived.
 */
export async function timePluginHandshake(executable, { env = process.env, extraEnv = {}, timeoutMs = HANDSHAKE_TIMEOUT_MS } = {}) {
  const socketDir = mkdtempSync(join(tmpdir(), "tokenhooks-handshake-"));
  try {
    const stdout = hostPipe(join(socketDir, "stdout"));
    const stderr = hostPipe(join(socketDir, "stderr"));
    return await new Promise((resolvePromise, reject) => {
      const started = performance.now();
      let child;
      try {
        child = spawn(executable, [], {
          env: { ...env, ...PLUGIN_HANDSHAKE_ENV, TMPDIR: socketDir, ...extraEnv },
          stdio: ["ignore", stdout.pluginFd, stderr.pluginFd],
        });
      } catch (error) {
        stdout.reader.destroy();
        stderr.reader.destroy();
        throw error;
      } finally {
        // The plugin holds its own copies now: the FIFOs end when it (and whatever it hands them to) closes them.
        stdout.closePluginEnd();
        stderr.closePluginEnd();
      }
      let stdoutText = "";
      let stderrText = "";
      let outcome;
      const settle = (result) => {
        outcome ??= result;
        child.kill("SIGKILL");
      };
      const timer = setTimeout(() => settle(new Error(`${executable} printed no handshake line within ${timeoutMs} ms`)), timeoutMs);
      stdout.reader.setEncoding("utf8").on("data", (chunk) => {
        stdoutText += chunk;
        const end = stdoutText.indexOf("\n");
        if (end < 0) return;
        const line = stdoutText.slice(0, end);
        const elapsedMs = performance.now() - started;
        settle(HANDSHAKE_LINE.test(line) ? { line, elapsedMs } : new Error(`${executable} printed no go-plugin handshake line but: ${line.slice(0, 200)}`));
      });
      stderr.reader.setEncoding("utf8").on("data", (chunk) => {
        stderrText = (stderrText + chunk).slice(-2000);
      });
      const stderrEnded = new Promise((resolveEnd) => stderr.reader.once("close", resolveEnd));
      child.on("error", (error) => settle(new Error(`${executable} could not start: ${error.message}`)));
      child.on("close", async (code, signal) => {
        clearTimeout(timer);
        // A plugin that exits before its line may still have stderr in the FIFO: read it to the end first.
        if (outcome === undefined) {
          let drainTimer;
          await Promise.race([stderrEnded, new Promise((resolveWait) => (drainTimer = setTimeout(resolveWait, STDERR_DRAIN_MS)))]);
          clearTimeout(drainTimer);
        }
        stdout.reader.destroy();
        stderr.reader.destroy();
        if (outcome === undefined) {
          reject(new Error(`${executable} exited ${code ?? signal} before its handshake line:\n${stderrText.trim()}`));
        } else if (outcome instanceof Error) {
          reject(outcome);
        } else {
          resolvePromise(outcome);
        }
      });
    });
  } finally {
    rmSync(socketDir, { recursive: true, force: true });
  }
}

/**
 * A FIFO at `path`: its read end, non-blocking, as a readable stream for this process, and its
 * write end as a file descriptor to hand to the plugin and then close here.
 */
function hostPipe(path) {
  execFileSync("mkfifo", ["-m", "600", path]);
  // The read end first: opening the write end of a FIFO blocks until there is a reader.
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const pluginFd = openSync(path, constants.O_WRONLY);
  return {
    pluginFd,
    reader: new Socket({ fd: readFd, readable: true, writable: false }),
    closePluginEnd: () => closeSync(pluginFd),
  };
}

async function main(args) {
  const unknown = args.filter((arg) => arg !== "--build" && arg !== "--json");
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\nusage: node scripts/tfe-provider.mjs [--build] [--json]\n`);
    return 2;
  }
  const provider = await findOrBuildTfeProvider({ build: args.includes("--build") });
  if (args.includes("--json")) {
    process.stdout.write(`${JSON.stringify(provider ?? null)}\n`);
  } else if (provider === undefined) {
    process.stdout.write(`terraform-provider-tfe v${TFE_PROVIDER_VERSION} is not built (${cachedTfeProviderPath()}); run with --build\n`);
  } else {
    process.stdout.write(`terraform-provider-tfe ${provider.version} ${provider.path}\n`);
  }
  return 0;
}

runAsCommand(import.meta.url, main);
