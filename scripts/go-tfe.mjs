#!/usr/bin/env node
// HashiCorp's go-tfe is the outside reference the emulator's HCP Terraform API is judged by: its
// own integration tests, unmodified, run against the emulator (test/e2e/conformance). This script
// compiles those tests once, from the module the Go module proxy serves, into the build cache.
// Plain ESM with no dependencies, like scripts/engine.mjs, whose Go helpers it shares.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cacheDir, formatDuration, printProgress, resolveExecutable, runGo, stageModuleSource } from "./engine.mjs";
import { runAsCommand } from "./main-module.mjs";

/** The go-tfe release whose tests judge the emulator. */
export const GO_TFE_VERSION = "1.111.2";
/** Its Go module. */
export const GO_TFE_MODULE = "github.com/hashicorp/go-tfe";

const BUILD_TIMEOUT_MS = 30 * 60_000;
const LIST_TIMEOUT_MS = 30_000;

/** Where the compiled test binary is kept: `<cacheDir>/go-tfe-<version>/go-tfe.test`. */
export function cachedGoTfeTestsPath(env = process.env) {
  return join(cacheDir(env), `go-tfe-${GO_TFE_VERSION}`, "go-tfe.test");
}

/** The cached test binary, or `undefined` when there is none. Never builds. */
export function findGoTfeTests(env = process.env) {
  const path = cachedGoTfeTestsPath(env);
  return resolveExecutable(path, env) === undefined ? undefined : { path, version: GO_TFE_VERSION };
}

/**
 * For test/global-setup.ts: the cached test binary, compiled first when it is missing. The
 * conformance test needs it, so a failed build rejects with go's words and fails the run.
 */
export async function prepareGoTfeTestsForTests({ env = process.env, progress = printProgress } = {}) {
  return findGoTfeTests(env) ?? buildGoTfeTests({ env, progress });
}

/**
 * Compiles go-tfe v{@link GO_TFE_VERSION}'s tests (`go test -c`) in a writable copy of the
 * module's source. The binary must list the tests it is for before it is moved into place
 * (atomically: a concurrent run never sees half a file). Resolves to `{ path, version, buildMs }`.
 */
export async function buildGoTfeTests({ env = process.env, progress = printProgress } = {}) {
  const target = cachedGoTfeTestsPath(env);
  const go = resolveExecutable("go", env);
  if (go === undefined) throw new Error(`cannot build go-tfe v${GO_TFE_VERSION}'s tests: no go on PATH`);
  const started = performance.now();
  progress(`compiling go-tfe v${GO_TFE_VERSION}'s integration tests from ${GO_TFE_MODULE} into ${target} (first time only: takes minutes)`);
  mkdirSync(dirname(target), { recursive: true });
  const staged = `${target}.${process.pid}.partial`;
  const workDir = mkdtempSync(join(tmpdir(), "tokenhooks-go-tfe-build-"));
  try {
    progress("  downloading the module");
    const sourceDir = await stageModuleSource({ go, module: GO_TFE_MODULE, version: GO_TFE_VERSION, workDir, env });
    progress("  compiling (go test -c)");
    await runGo(go, ["test", "-c", "-trimpath", "-o", staged, "."], {
      cwd: sourceDir,
      env: { ...env, CGO_ENABLED: "0" },
      timeoutMs: BUILD_TIMEOUT_MS,
      heartbeat: (elapsed) => progress(`  still compiling: ${formatDuration(elapsed)}`),
    });
    const listed = spawnSync(staged, ["-test.list", "^TestUsersReadCurrent$"], { encoding: "utf8", timeout: LIST_TIMEOUT_MS });
    if (listed.status !== 0 || listed.stdout.trim() !== "TestUsersReadCurrent") {
      throw new Error(`the compiled go-tfe tests do not list TestUsersReadCurrent: ${(listed.stdout + listed.stderr).slice(0, 500)}`);
    }
    renameSync(staged, target);
    const buildMs = performance.now() - started;
    progress(`compiled go-tfe v${GO_TFE_VERSION}'s tests in ${formatDuration(buildMs)}`);
    return { path: target, version: GO_TFE_VERSION, buildMs };
  } finally {
    rmSync(staged, { force: true });
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(args) {
  const unknown = args.filter((arg) => arg !== "--build");
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\nusage: node scripts/go-tfe.mjs [--build]\n`);
    return 2;
  }
  const tests = args.includes("--build") ? await prepareGoTfeTestsForTests() : findGoTfeTests();
  process.stdout.write(tests === undefined ? `go-tfe v${GO_TFE_VERSION}'s tests are not compiled (${cachedGoTfeTestsPath()}); run with --build\n` : `go-tfe ${tests.version} ${tests.path}\n`);
  return 0;
}

runAsCommand(import.meta.url, main);
