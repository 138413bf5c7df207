import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cdktfEnvironment, runCdktf, type CdktfResult } from "../../scripts/cdktf-project.mjs";
import { summarize } from "../../src/cli/emulator-command";
import { startEmulator, type Emulator, type Inventory } from "../../src/emulator";
import { engines } from "../support/engines";
import { leakedSecrets, sensitiveStateValues } from "../support/secrets";

/**
 * "A stack written by a newcomer from the README alone deploys": the TypeScript example of the
 * README's "Using it in your cdktf app" becomes the `main.ts` of a fresh cdktf app made the way
 * `cdktf init --template=typescript` and `npm install cdktf-token-hooks` make one — the package
 * built as it is published (`lib/` from `tsc`, `dist/`), cdktf's template tsconfig, and
 * `npx ts-node main.ts`, which type-checks the example against the published typings.
 */

const REPO = join(__dirname, "..", "..");
const USAGE_HEADING = "## Using it in your cdktf app";
const BUILD_TIMEOUT = 240_000;
const CDKTF_TIMEOUT = 300_000;

/** The first ```ts block of the README's usage section. */
function readmeExample(readme: string): string {
  const start = readme.indexOf(`\n${USAGE_HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no "${USAGE_HEADING}" section`);
  const end = readme.indexOf("\n## ", start + USAGE_HEADING.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`README.md's "${USAGE_HEADING}" section has no \`\`\`ts block`);
  return block[1];
}

/** Runs `node <args>` in `cwd`; rejects with its output on failure or after `timeoutMs`. */
function runNode(args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const output: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`node ${args.join(" ")} failed (${code ?? signal}):\n${Buffer.concat(output).toString("utf8").slice(-4000)}`));
    });
  });
}

function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
}

/**
 * `node_modules/cdktf-token-hooks` as `npm install` leaves it — package.json, `lib/` compiled
 * with declarations, and a copy of the bundled plugin — plus the packages it needs and the
 * cdktf template's dev tooling, linked from the repository's node_modules.
 */
async function installPackage(app: string): Promise<void> {
  const installed = join(app, "node_modules", "cdktf-token-hooks");
  await runNode([join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(REPO, "tsconfig.build.json"), "--outDir", join(installed, "lib")], REPO, BUILD_TIMEOUT);
  copyFileSync(join(REPO, "package.json"), join(installed, "package.json"));
  // A copy, not a link: the repository's bundle may be rebuilt while this test runs.
  mkdirSync(join(installed, "dist"));
  copyFileSync(join(REPO, "dist", "terraform-provider-tokenhooks.js"), join(installed, "dist", "terraform-provider-tokenhooks.js"));
  const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { dependencies: object; peerDependencies: object };
  const tooling = ["ts-node", "typescript", "@types/node"];
  for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies), ...tooling]) {
    link(join(REPO, "node_modules", name), join(app, "node_modules", name));
  }
  link(join("..", "ts-node", "dist", "bin.js"), join(app, "node_modules", ".bin", "ts-node"));
}

const [engine] = engines();

describe(`a stack written by a newcomer from the README alone (${engine.name} ${engine.version})`, () => {
  let emulator: Emulator;
  let root: string;
  let app: string;
  let env: NodeJS.ProcessEnv;
  let baseline: Inventory;
  let platform: string;
  const secrets = new Map<string, string>();

  const cdktf = (args: string[]): Promise<CdktfResult> => runCdktf(args, { cwd: app, env, timeoutMs: CDKTF_TIMEOUT });
  const expectNoSecretIn = (result: CdktfResult) => expect(leakedSecrets(result.stdout + result.stderr, secrets)).toEqual([]);

  beforeAll(async () => {
    emulator = await startEmulator({ httpsPort: false });
    root = mkdtempSync(join(tmpdir(), "tokenhooks-newcomer-"));
    app = join(root, "app");
    mkdirSync(app);
    await installPackage(app);
    const template = join(REPO, "node_modules", "cdktf-cli", "bundle", "templates", "typescript");
    copyFileSync(join(template, "tsconfig.json"), join(app, "tsconfig.json"));
    writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "newcomer-app", version: "1.0.0", private: true, main: "main.js" }, null, 2)}\n`);
    writeFileSync(join(app, "cdktf.json"), `${JSON.stringify({ language: "typescript", app: "npx ts-node main.ts", sendCrashReports: "false" }, null, 2)}\n`);
    writeFileSync(join(app, "main.ts"), readmeExample(readFileSync(join(REPO, "README.md"), "utf8")));

    const cliConfigFile = join(root, "empty.tfrc");
    writeFileSync(cliConfigFile, "");
    const providerEnv = summarize(emulator).env;
    platform = emulator.seeded.otherTeams.find((team) => team.name === "platform")!.id;
    env = cdktfEnvironment({ enginePath: engine.path, cliConfigFile, extra: { ...providerEnv, TF_VAR_team_id: platform } });
    for (const name of ["TFE_TOKEN", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"]) secrets.set(name, providerEnv[name]);
    baseline = emulator.inventory();
  }, BUILD_TIMEOUT + 30_000);

  afterAll(async () => {
    if (root) rmSync(root, { recursive: true, force: true });
    await emulator?.close();
  });

  test(
    "deploys: a marked team token, and an Infisical connection holding it",
    async () => {
      const result = await cdktf(["deploy", "--auto-approve"]);
      const stateSecrets = sensitiveStateValues(app);
      expect([...stateSecrets.keys()].filter((name) => name.endsWith(".token"))).toHaveLength(1);
      for (const [name, secret] of stateSecrets) secrets.set(name, secret);
      expectNoSecretIn(result);

      const inventory = emulator.inventory();
      const created = inventory.teamTokens.filter((token) => !baseline.teamTokens.some((old) => old.id === token.id));
      expect(created).toEqual([expect.objectContaining({ teamId: platform, legacy: false, description: expect.stringMatching(/^ci deploys \(tokenhooks:[a-z0-9]{8}\)$/) })]);
      expect(inventory.appConnections).toEqual([
        {
          id: expect.any(String),
          app: "terraform-cloud",
          name: "tfc-ci-deploys",
          projectId: null,
          credentialsRef: { service: "tfc", tokenId: created[0].id, valid: true },
        },
      ]);
      expect(result.stdout).toContain(`ci_token_id = ${created[0].id}`);
    },
    CDKTF_TIMEOUT + 30_000,
  );

  test(
    "destroys: the emulator is left as it was seeded",
    async () => {
      expectNoSecretIn(await cdktf(["destroy", "--auto-approve"]));
      expect(emulator.inventory()).toEqual(baseline);
    },
    CDKTF_TIMEOUT + 30_000,
  );
});
