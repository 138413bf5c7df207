#!/usr/bin/env node
// README line 1: deploys the example stacks (stacks/main.ts) with `cdktf deploy` against the local
// emulator, prints the non-sensitive outputs and what the emulator then holds, destroys
// everything with `cdktf destroy` and checks that the emulator is back to its seeded state.
// No network, no user credentials; the cdktf project lives in a temporary directory.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { bundleAll } from "./bundle.mjs";
import { cdktfEnvironment, EXAMPLE_STACKS, exampleStackSettings, runCdktf, writeExampleProject } from "./cdktf-project.mjs";
import { findEngines } from "./engine.mjs";

const EMULATOR_START_TIMEOUT_MS = 30_000;
const CDKTF_TIMEOUT_MS = 10 * 60_000;
const started = Date.now();

function step(title) {
  process.stdout.write(`\n== ${title} (${Math.round((Date.now() - started) / 1000)} s)\n`);
}

/** Starts `cdktf-token-hooks emulator --json`; resolves with the child and its announcement line. */
function startEmulator() {
  const child = spawn(process.execPath, ["dist/cdktf-token-hooks.js", "emulator", "--json", "--no-https"], { stdio: ["ignore", "pipe", "inherit"] });
  const announcement = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start within ${EMULATOR_START_TIMEOUT_MS} ms`)), EMULATOR_START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited early (${code})`));
    });
  });
  return { child, announcement };
}

async function getJson(url, headers = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${new URL(url).pathname} answered ${response.status}`);
  return response.json();
}

/**
 * The emulator's live credentials and connections, and the organization's agent pools (the
 * agents stack creates one; pools hold no secret, so the admin inventory leaves them out).
 */
async function inventory(url, env, organization) {
  const pools = await getJson(`${url}/api/v2/organizations/${organization}/agent-pools`, { authorization: `Bearer ${env.TFE_TOKEN}` });
  return { ...(await getJson(`${url}/__admin/inventory`)), agentPools: pools.data.map((pool) => ({ id: pool.id, name: pool.attributes.name })) };
}

/** One line per credential, connection and agent pool: what a reader wants to see, no secrets. */
function describeInventory({ userTokens, teamTokens, organizationTokens, agentTokens, appConnections, agentPools }) {
  return [
    ...userTokens.map((token) => `user token  ${token.id}  ${token.userId}  ${token.description ?? ""}`),
    ...teamTokens.map((token) => `team token  ${token.id}  ${token.teamId}  ${token.description ?? "(legacy)"}`),
    ...organizationTokens.map((token) => `${token.kind} token  ${token.id}  ${token.organization}`),
    ...agentPools.map((pool) => `agent pool  ${pool.id}  ${pool.name}`),
    ...agentTokens.map((token) => `agent token  ${token.id}  ${token.agentPoolId}  ${token.description ?? ""}`),
    ...appConnections.map(
      (connection) =>
        `${connection.app} connection  ${connection.name}  credential ${connection.credentialsRef.tokenId ?? "unknown"}${connection.credentialsRef.valid ? "" : " (NOT VALID)"}`,
    ),
  ].join("\n");
}

/** Ids of every credential, connection and agent pool in an inventory. */
function ids(snapshot) {
  return new Set(Object.values(snapshot).flatMap((list) => list.map((item) => item.id)));
}

const work = mkdtempSync(join(tmpdir(), "tokenhooks-demo-"));
let emulator;
try {
  step("bundling the plugin, finding an engine");
  const failed = (await bundleAll()).filter((outcome) => outcome.status !== "bundled");
  if (failed.length > 0) throw new Error(`bundle: ${failed.map((outcome) => `${outcome.source} ${outcome.status}`).join(", ")}`);
  // The engine on PATH when there is one: OpenTofu is built (minutes) only when none is found.
  const [engine] = await findEngines({ build: false });
  if (!engine) throw new Error("no Terraform-compatible engine found or built");
  process.stdout.write(`engine: ${engine.name} ${engine.version} (${engine.path})\n`);

  step("starting the emulator");
  emulator = startEmulator();
  const { url, env: providerEnv, seeded } = await emulator.announcement;
  process.stdout.write(`emulator: ${url}, organization ${seeded.organization}\n`);

  const project = join(work, "app");
  mkdirSync(project);
  writeExampleProject(project);
  const cliConfigFile = join(work, "empty.tfrc");
  writeFileSync(cliConfigFile, "");
  const env = cdktfEnvironment({ enginePath: engine.path, cliConfigFile, extra: { ...providerEnv, ...exampleStackSettings(seeded), ...plainEngineOutput() } });
  const cdktf = (args) => runCdktf(args, { cwd: project, env, timeoutMs: CDKTF_TIMEOUT_MS, inherit: true });
  const inventoryNow = () => inventory(url, providerEnv, seeded.organization);
  const seededIds = ids(await inventoryNow());

  step(`cdktf deploy ${EXAMPLE_STACKS.join(" ")}`);
  const outputsFile = join(work, "outputs.json");
  await cdktf(["deploy", ...EXAMPLE_STACKS, "--auto-approve", "--outputs-file", outputsFile]);

  step("outputs (cdktf leaves the sensitive ones, the tokens, out of the file)");
  for (const [stack, values] of Object.entries(JSON.parse(readFileSync(outputsFile, "utf8")))) {
    for (const [name, value] of Object.entries(values)) process.stdout.write(`${stack}.${name} = ${JSON.stringify(value)}\n`);
  }

  step("what the emulator holds after deploy");
  process.stdout.write(`${describeInventory(await inventoryNow())}\n`);

  step(`cdktf destroy ${EXAMPLE_STACKS.join(" ")}`);
  await cdktf(["destroy", ...EXAMPLE_STACKS, "--auto-approve"]);

  step("what the emulator holds after destroy");
  const after = await inventoryNow();
  process.stdout.write(`${describeInventory(after)}\n`);
  const afterIds = ids(after);
  const left = [...afterIds].filter((id) => !seededIds.has(id));
  const lost = [...seededIds].filter((id) => !afterIds.has(id));
  if (left.length > 0 || lost.length > 0) {
    throw new Error(`the emulator is not as seeded: left behind ${left.join(", ") || "nothing"}; missing ${lost.join(", ") || "nothing"}`);
  }
  process.stdout.write(`\ndemo: deployed and destroyed in ${Math.round((Date.now() - started) / 1000)} s; the emulator holds exactly what it was seeded with.\n`);
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  emulator?.child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}

/**
 * Into a log file or a pipeline's log, the engine's colour codes are noise: without a terminal,
 * its commands that cdktf runs print plain text.
 */
function plainEngineOutput() {
  if (process.stdout.isTTY) return {};
  return Object.fromEntries(["init", "plan", "apply", "destroy"].map((command) => [`TF_CLI_ARGS_${command}`, "-no-color"]));
}
