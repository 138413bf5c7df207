import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { providerConstructs } from "../../src/custom/constructs";
import { cdktfEnvironment, runCdktf, writeExampleProject } from "../../scripts/cdktf-project.mjs";
import { runCommand } from "../support/commands";
import { describeEachEngine } from "../support/engines";
import { entrySchema, jsonstoreProviderSchema } from "../fixtures/user-provider/schema";

/**
 * A user-defined provider end to end: synth packages its plugin from the fixture module into the
 * stack's implied mirror and lock file, and the engine serves it from there with no install step
 * through init, apply, an empty plan and destroy. The hooks' console.log must not break the
 * plugin protocol: it reaches the engine's log, never its stdout.
 */

const ENGINE_TIMEOUT = 120_000;
const ENTRY = resolve(__dirname, "../fixtures/user-provider/provider.ts");

const jsonstore = providerConstructs(jsonstoreProviderSchema, { entry: ENTRY });
const Entry = jsonstore.resource(entrySchema);

describeEachEngine("a user-defined provider packaged at synth", (engine) => {
  let scratch: string;
  const outdirs: string[] = [];
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "user-provider-e2e-"));
  });
  afterAll(() => {
    for (const dir of [scratch, ...outdirs]) rmSync(dir, { recursive: true, force: true });
  });

  test(
    "init, apply, plan (no changes) and destroy run in the synthesized stack; hook output reaches the engine's log only",
    async () => {
      const storeFile = join(scratch, "entries.json");
      const stack = new TerraformStack(Testing.app() as App, "store");
      new jsonstore.Provider(stack, "jsonstore", { file: storeFile });
      new Entry(stack, "greeting", { key: "greeting", value: "hello" });
      const outdir = Testing.fullSynth(stack);
      outdirs.push(outdir);
      const stackDir = join(outdir, "stacks", "store");
      // A HOME of its own: no CLI configuration or plugin cache of the machine takes part.
      const env = { PATH: process.env.PATH, HOME: scratch, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
      const run = (args: string[], extra: Record<string, string> = {}) => runCommand(engine.path, [...args, "-input=false", "-no-color"], { cwd: stackDir, env: { ...env, ...extra }, timeoutMs: ENGINE_TIMEOUT });
      const entries = (): unknown => JSON.parse(readFileSync(storeFile, "utf8"));

      await run(["init"]);
      const apply = await run(["apply", "-auto-approve"], { TF_LOG: "DEBUG" });
      expect(entries()).toEqual({ greeting: "hello" });
      expect(apply.stderr).toContain("jsonstore hook: creating greeting");
      expect(apply.stderr).toContain("jsonstore: module loaded");
      expect(apply.stdout).not.toContain("jsonstore hook");
      // -detailed-exitcode exits 2 when there are changes, which fails the command.
      await run(["plan", "-detailed-exitcode"]);
      await run(["destroy", "-auto-approve"]);
      expect(entries()).toEqual({});
    },
    ENGINE_TIMEOUT * 4,
  );

  test(
    "cdktf deploy and destroy serve it with no install step",
    async () => {
      const project = join(scratch, "app");
      mkdirSync(project);
      writeExampleProject(project, resolve(__dirname, "../fixtures/user-provider/app.ts"));
      const cliConfigFile = join(scratch, "empty.tfrc");
      writeFileSync(cliConfigFile, "");
      const storeFile = join(scratch, "deployed.json");
      const env = cdktfEnvironment({ enginePath: engine.path, cliConfigFile, pluginCacheDir: join(scratch, "plugin-cache"), extra: { JSONSTORE_FILE: storeFile } });
      const cdktf = (args: string[]) => runCdktf(args, { cwd: project, env, timeoutMs: ENGINE_TIMEOUT });

      await cdktf(["deploy", "store", "--auto-approve"]);
      expect(JSON.parse(readFileSync(storeFile, "utf8"))).toEqual({ greeting: "hello" });
      await cdktf(["destroy", "store", "--auto-approve"]);
      expect(JSON.parse(readFileSync(storeFile, "utf8"))).toEqual({});
    },
    ENGINE_TIMEOUT * 2,
  );
});
