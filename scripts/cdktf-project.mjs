// Drives the cdktf CLI against throw-away projects, for the demo and the end-to-end tests. A
// project lives in its own directory because cdktf's default local backend writes
// `terraform.<stack>.tfstate` into the directory the app runs in, and `cdktf.out` keeps each
// stack's lock file: neither belongs in the repository.
// Plain ESM with no dependencies, like the other scripts the tests import.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The cdktf CLI entry point installed with the repository's dev dependencies. */
export const CDKTF_CLI = join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");

/** The stacks stacks/main.ts defines, in deployment order. */
export const EXAMPLE_STACKS = Object.freeze(["credentials", "pipeline-staging", "pipeline-production", "agents"]);

const OUTPUT_TAIL = 6000;

/** Quotes one word for the POSIX shell that cdktf runs the `app` command in. */
function shellWord(word) {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * Writes a `cdktf.json` into `dir` whose app is the repository's example stacks (stacks/main.ts),
 * or the TypeScript file `appFile`, run by the repository's ts-node, so that state and
 * `cdktf.out` stay in `dir`.
 */
export function writeExampleProject(dir, appFile = join(ROOT, "stacks", "main.ts")) {
  const tsNode = join(ROOT, "node_modules", "ts-node", "dist", "bin.js");
  const app = [process.execPath, tsNode, "--transpile-only", appFile].map(shellWord).join(" ");
  writeFileSync(join(dir, "cdktf.json"), `${JSON.stringify({ language: "typescript", app, sendCrashReports: "false" }, null, 2)}\n`);
}

/**
 * The TOKENHOOKS_* settings stacks/settings.ts reads, pointing the example stacks at the
 * emulator's seeded organization, teams (`platform` for credentials and staging, `developers`
 * for production), Infisical project and Heroku token.
 */
export function exampleStackSettings(seeded) {
  const team = (name) => {
    const found = seeded.otherTeams.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`the emulator has no seeded team named ${name}`);
    return found.id;
  };
  return {
    TOKENHOOKS_ORGANIZATION: seeded.organization,
    TOKENHOOKS_TEAM_ID: team("platform"),
    TOKENHOOKS_STAGING_TEAM_ID: team("platform"),
    TOKENHOOKS_PRODUCTION_TEAM_ID: team("developers"),
    INFISICAL_PROJECT_ID: seeded.infisical.projectId,
    HEROKU_API_KEY: seeded.herokuAuthToken,
  };
}

/** Variables that would make a run depend on the caller's shell rather than on its arguments. */
const INHERITED_NOISE = ["CDKTF_SKIP_PROVIDER_LOCK", "TF_PLUGIN_CACHE_DIR", "TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_LOG_CORE", "TF_REATTACH_PROVIDERS", "TF_CLI_ARGS", "TERRAFORM_CONFIG"];

/**
 * The environment of a non-interactive, offline cdktf run on `enginePath`: `base` plus the
 * provider and stack settings in `extra`, an empty CLI configuration (so only the stack's implied
 * `terraform.d/plugins` mirror is used), no checkpoint or version calls. Provider locking is not
 * skipped: synth writes the plugin's lock entry, so the CLI finds nothing to lock. With
 * `pluginCacheDir` the plugin cache is used there, as cdktf does by default with
 * `~/.terraform.d/plugin-cache`; without it cdktf sets no cache.
 */
export function cdktfEnvironment({ base = process.env, enginePath, cliConfigFile, pluginCacheDir, extra = {} }) {
  const env = { ...base };
  for (const name of INHERITED_NOISE) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith("TF_VAR_")) delete env[name];
  Object.assign(env, extra, {
    CI: "true",
    CHECKPOINT_DISABLE: "1",
    DISABLE_VERSION_CHECK: "1",
    TERRAFORM_BINARY_NAME: enginePath,
    TF_CLI_CONFIG_FILE: cliConfigFile,
  });
  if (pluginCacheDir === undefined) env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = "true";
  else {
    delete env.CDKTF_DISABLE_PLUGIN_CACHE_ENV;
    env.TF_PLUGIN_CACHE_DIR = pluginCacheDir;
  }
  return env;
}

/** Process ids below `rootPid` (Linux `/proc`; none elsewhere), parents before children. */
function descendants(rootPid) {
  let entries;
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const children = new Map();
  for (const pid of entries) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may itself contain spaces and parentheses.
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(pid)]);
  }
  const found = new Set();
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      if (found.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return [...found];
}

/**
 * Kills `pid` and every process it started. cdktf runs the engine in a pseudo-terminal, so the
 * engine and its provider plugins are in another session and a process-group kill misses them.
 */
export function killTree(pid) {
  for (const target of [pid, ...descendants(pid)]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

function tail(text) {
  return text.length > OUTPUT_TAIL ? `…${text.slice(-OUTPUT_TAIL)}` : text;
}

/**
 * Runs `cdktf <args>` in `cwd` with `env`. Output is captured (or, with `inherit`, passed through
 * to this process). Resolves with the captured output; rejects when cdktf exits non-zero, or
 * after `timeoutMs`, when it and everything it started are killed. The rejection message carries
 * the output's tail.
 */
export function runCdktf(args, { cwd, env, timeoutMs, inherit = false }) {
  const command = `cdktf ${args.join(" ")}`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CDKTF_CLI, ...args], { cwd, env, stdio: inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"] });
    const stdout = [];
    const stderr = [];
    child.stdout?.on("data", (chunk) => stdout.push(chunk));
    child.stderr?.on("data", (chunk) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const result = {
        command,
        exitCode: code,
        durationMs: Date.now() - started,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      };
      if (code === 0) return resolve(result);
      const headline = timedOut ? `${command} timed out after ${timeoutMs} ms and was killed` : `${command} failed (exit ${code ?? signal})`;
      const output = inherit ? "" : `\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`;
      reject(Object.assign(new Error(`${headline}${output}`), { result }));
    });
  });
}
