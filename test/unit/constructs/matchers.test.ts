import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as loadedCdktf from "cdktf";
import type { TerraformResource, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { exampleStackSettings } from "../../../scripts/cdktf-project.mjs";
import { summarize } from "../../../src/cli/emulator-command";
import { pluginBundlePath } from "../../../src/constructs/plugin-shim";
import { startEmulator, type Emulator } from "../../../src/emulator";
import { mirrorExecutablePath } from "../../../src/provider/address";
import { CredentialsStack } from "../../../stacks/credentials-stack";
import { PipelineStack } from "../../../stacks/pipeline-stack";
import { settingsFromEnv, type StackSettings } from "../../../stacks/settings";
import { describeEachEngine } from "../../support/engines";

/**
 * cdktf's testing helpers on the example stacks: `Testing.fullSynth` runs the stack synthesizer,
 * which writes the plugin into the stack's implied mirror, so the engine-backed matchers
 * (`toBeValidTerraform`, `toPlanSuccessfully`) work offline — here against the emulator.
 */

const ENGINE_TIMEOUT = 120_000;

type Cdktf = typeof import("cdktf");
type StackClasses = {
  CredentialsStack: new (scope: Construct, id: string, settings: StackSettings) => TerraformStack;
  PipelineStack: new (scope: Construct, id: string, environment: string, settings: StackSettings) => TerraformStack;
};

let emulator: Emulator;
let scratch: string;
let settings: StackSettings;
const outdirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
  scratch = mkdtempSync(join(tmpdir(), "tokenhooks-matchers-"));
  const cliConfigFile = join(scratch, "empty.tfrc");
  writeFileSync(cliConfigFile, "");
  // The matchers run the engine with this process's environment (jest gives each test file its own copy).
  Object.assign(process.env, summarize(emulator).env, exampleStackSettings(emulator.seeded), { TF_CLI_CONFIG_FILE: cliConfigFile, CHECKPOINT_DISABLE: "1" });
  for (const name of ["TF_PLUGIN_CACHE_DIR", "TF_LOG", "TF_CLI_ARGS"]) delete process.env[name];
  settings = settingsFromEnv();
});
afterAll(async () => {
  for (const dir of [scratch, ...outdirs]) if (dir) rmSync(dir, { recursive: true, force: true });
  await emulator?.close();
});

/**
 * cdktf and the stacks loaded afresh, so that cdktf reads `TERRAFORM_BINARY_NAME` (it does so
 * once, when `cdktf/lib/util` loads) as `enginePath`, and its jest matchers are registered again.
 */
function loadForEngine(enginePath: string): { cdktf: Cdktf; stacks: StackClasses } {
  process.env.TERRAFORM_BINARY_NAME = enginePath;
  jest.resetModules();
  const cdktf = require("cdktf") as Cdktf;
  const stacks: StackClasses = {
    ...(require("../../../stacks/credentials-stack") as Pick<StackClasses, "CredentialsStack">),
    ...(require("../../../stacks/pipeline-stack") as Pick<StackClasses, "PipelineStack">),
  };
  cdktf.Testing.setupJest();
  return { cdktf, stacks };
}

/** `Testing.fullSynth` of one example stack; the outdir is removed after the tests. */
function fullSynth(cdktf: Cdktf, stacks: StackClasses, name: "credentials" | "pipeline-staging"): string {
  const app = cdktf.Testing.app();
  outdirs.push(app.outdir);
  const stack = name === "credentials" ? new stacks.CredentialsStack(app, name, settings) : new stacks.PipelineStack(app, name, "staging", settings);
  const outdir = cdktf.Testing.fullSynth(stack);
  outdirs.push(outdir);
  return outdir;
}

describe("Testing.fullSynth of the example stacks", () => {
  test("puts the bundled plugin, byte for byte and executable, into each stack's mirror, whatever the outdir", () => {
    const installed = (["credentials", "pipeline-staging", "credentials"] as const).map((name) => {
      const outdir = fullSynth(loadedCdktf, { CredentialsStack, PipelineStack }, name);
      return { outdir, path: join(outdir, "stacks", name, "terraform.d", "plugins", mirrorExecutablePath()) };
    });
    expect(new Set(installed.map(({ outdir }) => outdir)).size).toBe(3);
    const bundle = readFileSync(pluginBundlePath());
    for (const { path } of installed) {
      expect(readFileSync(path).equals(bundle)).toBe(true);
      expect(statSync(path).mode & 0o111).toBe(0o111);
    }
  });
});

describeEachEngine("cdktf's engine-backed matchers on the example stacks", (engine) => {
  let cdktf: Cdktf;
  let stacks: StackClasses;
  beforeAll(() => {
    ({ cdktf, stacks } = loadForEngine(engine.path));
  });

  test(
    "toBeValidTerraform: this engine installs the plugin from the mirror and validate accepts both stacks",
    () => {
      for (const name of ["credentials", "pipeline-staging"] as const) {
        const outdir = fullSynth(cdktf, stacks, name);
        const stackDir = join(outdir, "stacks", name);
        const synthesizedLock = readFileSync(join(stackDir, ".terraform.lock.hcl"), "utf8");
        expect(outdir).toBeValidTerraform();
        // Installed from the mirror, checked against the lock entry synth wrote, which it kept.
        expect(existsSync(join(stackDir, ".terraform", "providers", dirname(mirrorExecutablePath())))).toBe(true);
        expect(readFileSync(join(stackDir, ".terraform.lock.hcl"), "utf8")).toBe(synthesizedLock);
      }
    },
    ENGINE_TIMEOUT,
  );

  test(
    "toBeValidTerraform fails when the plugin's validation rejects a value that bypassed the construct's",
    () => {
      const app = cdktf.Testing.app();
      outdirs.push(app.outdir);
      const stack = new stacks.PipelineStack(app, "pipeline-staging", "staging", settings);
      (stack.node.findChild("deploy-token") as TerraformResource).addOverride("rotate_after", "a week");
      const outdir = cdktf.Testing.fullSynth(stack);
      outdirs.push(outdir);
      expect(outdir).not.toBeValidTerraform();
    },
    ENGINE_TIMEOUT,
  );

  test(
    "toPlanSuccessfully: both stacks plan against the emulator",
    () => {
      for (const name of ["credentials", "pipeline-staging"] as const) expect(fullSynth(cdktf, stacks, name)).toPlanSuccessfully();
    },
    ENGINE_TIMEOUT,
  );
});
