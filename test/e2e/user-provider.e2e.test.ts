import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { providerConstructs } from "../../src/custom/constructs";
import { cdktfEnvironment, runCdktf, writeExampleProject } from "../../scripts/cdktf-project.mjs";
import { runCommand, type CommandResult } from "../support/commands";
import { describeEachEngine, type Engine } from "../support/engines";
import { readIfExists, SecretRegistry } from "../support/secrecy";
import { entrySchema, jsonstoreProviderSchema, secretSchema } from "../fixtures/user-provider/schema";

/**
 * A user-defined provider end to end, on each engine: synth packages its plugin from the fixture
 * module (test/fixtures/user-provider) into the stack's implied mirror and lock file, and the
 * engine serves it from there with no install step. Its resources go through every step of their
 * life: create, refresh, update in place, replace, import, delete, drift, and a sensitive and a
 * write-only attribute. Each hook logs one line per call: the tests count those lines in the
 * engine's log (TF_LOG) to prove which hook ran, and check they never reach its stdout.
 */

const ENGINE_TIMEOUT = 120_000;
const ENTRY = resolve(__dirname, "../fixtures/user-provider/provider.ts");

const jsonstore = providerConstructs(jsonstoreProviderSchema, { entry: ENTRY });
const Entry = jsonstore.resource(entrySchema);
const Secret = jsonstore.resource(secretSchema);

/** The store file the fixture provider keeps: the "remote system" behind its resources. */
interface StoreContents {
  entries: Record<string, string>;
  secrets: Record<string, { value: string; accessKey: string }>;
}

/** A resource's planned actions (`["update"]`, `["delete", "create"]`, ...) by address, from `show -json` of a saved plan. */
type PlannedActions = Record<string, string[]>;

interface ShownPlan {
  resource_changes?: { address: string; change: { actions: string[]; importing?: { id: string } } }[];
  resource_drift?: { address: string; change: { actions: string[]; after: Record<string, unknown> | null } }[];
}

/** The hook calls a run logged (`create jsonstore_entry greeting`, ...), in order. */
function hookCalls(result: CommandResult): string[] {
  return [...result.stderr.matchAll(/jsonstore hook: (\w+ \w+ \S+)/g)].map((match) => match[1]!);
}

/** The calls of `hooks` only: a refresh's reads vary between engines and commands. */
function callsOf(result: CommandResult, ...hooks: string[]): string[] {
  return hookCalls(result).filter((call) => hooks.includes(call.split(" ")[0]!));
}

/**
 * A synthesized stack in its own directory, with its store file and a HOME of its own (no CLI
 * configuration or plugin cache of the machine takes part). Every engine run logs at DEBUG, so
 * hook calls can be counted, and is kept in `transcript` for the secret scans.
 */
class StackRun {
  readonly transcript: Record<string, string> = {};
  /** Values of the configuration's variables for every run, by name (passed as `TF_VAR_<name>`). */
  readonly variables: Record<string, string> = {};
  private readonly env: NodeJS.ProcessEnv;
  private runs = 0;

  constructor(
    private readonly engine: Engine,
    readonly dir: string,
    readonly storeFile: string,
    home: string,
  ) {
    this.env = { PATH: process.env.PATH, HOME: home, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1", TF_LOG: "DEBUG" };
  }

  /** Runs `<engine> <command> -no-color <args>`; rejects unless it exits 0. */
  async run(command: string, args: readonly string[] = []): Promise<CommandResult> {
    const result = await this.raw([command, "-no-color", ...args]);
    const step = `${++this.runs} ${command}`;
    this.transcript[`${step} stdout`] = result.stdout;
    this.transcript[`${step} stderr`] = result.stderr;
    return result;
  }

  /** Plans into `tfplan` and returns the run with the planned actions and drift of `show -json tfplan`. */
  async plan(): Promise<{ result: CommandResult; actions: PlannedActions; shown: ShownPlan }> {
    const result = await this.run("plan", ["-out=tfplan"]);
    const shown = JSON.parse((await this.raw(["show", "-json", "tfplan"])).stdout) as ShownPlan;
    const actions = Object.fromEntries((shown.resource_changes ?? []).map(({ address, change }) => [address, change.actions]));
    return { result, actions, shown };
  }

  /** The values of each resource in state, by address (`show -json`, which prints sensitive values: never scanned or printed). */
  async state(): Promise<Record<string, Record<string, unknown>>> {
    const shown = JSON.parse((await this.raw(["show", "-json"])).stdout) as { values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } } };
    return Object.fromEntries((shown.values?.root_module?.resources ?? []).map(({ address, values }) => [address, values]));
  }

  /** `output -json`: every output's value, sensitive ones included. */
  async outputs(): Promise<Record<string, { sensitive: boolean; value: unknown }>> {
    return JSON.parse((await this.raw(["output", "-json"])).stdout) as Record<string, { sensitive: boolean; value: unknown }>;
  }

  store(): StoreContents {
    return JSON.parse(readFileSync(this.storeFile, "utf8")) as StoreContents;
  }

  /** Edits the store behind the engine's back. */
  tamper(edit: (contents: StoreContents) => void): void {
    const contents = this.store();
    edit(contents);
    writeFileSync(this.storeFile, JSON.stringify(contents));
  }

  /** The state files, where a sensitive value is stored and a write-only one never is. */
  stateFiles(): Record<string, string> {
    return Object.fromEntries(["terraform.tfstate", "terraform.tfstate.backup"].map((name) => [name, readIfExists(join(this.dir, name))]));
  }

  private raw(args: readonly string[]): Promise<CommandResult> {
    const variables = Object.fromEntries(Object.entries(this.variables).map(([name, value]) => [`TF_VAR_${name}`, value]));
    return runCommand(this.engine.path, args, { cwd: this.dir, env: { ...this.env, ...variables }, timeoutMs: ENGINE_TIMEOUT });
  }
}

describeEachEngine("a user-defined provider packaged at synth", (engine) => {
  let scratch: string;
  const outdirs: string[] = [];
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "user-provider-e2e-"));
  });
  afterAll(() => {
    for (const dir of [scratch, ...outdirs]) rmSync(dir, { recursive: true, force: true });
  });

  /** Synthesizes a stack `store` with the jsonstore provider and what `declare` adds, and runs `init` in it. */
  async function stackRun(name: string, declare: (stack: TerraformStack) => void, seed?: StoreContents): Promise<StackRun> {
    const storeFile = join(scratch, `${name}.json`);
    if (seed) writeFileSync(storeFile, JSON.stringify(seed));
    const stack = new TerraformStack(Testing.app() as App, "store");
    new jsonstore.Provider(stack, "jsonstore", { file: storeFile });
    declare(stack);
    const outdir = Testing.fullSynth(stack);
    outdirs.push(outdir);
    const run = new StackRun(engine, join(outdir, "stacks", "store"), storeFile, scratch);
    await run.run("init");
    return run;
  }

  test(
    "create, refresh, update in place, replace and delete each run the hook the plan names; hook output reaches the engine's log only",
    async () => {
      const work = await stackRun("lifecycle", (stack) => {
        const key = new TerraformVariable(stack, "key", { type: "string", default: "greeting" });
        const value = new TerraformVariable(stack, "value", { type: "string", default: "hello" });
        new Entry(stack, "greeting", { key: key.stringValue, value: value.stringValue });
      });
      const address = "jsonstore_entry.greeting";

      const created = await work.plan();
      expect(created.actions).toEqual({ [address]: ["create"] });
      const create = await work.run("apply", ["tfplan"]);
      expect(hookCalls(create)).toEqual(["create jsonstore_entry greeting"]);
      expect(create.stderr).toContain("jsonstore: module loaded");
      expect(create.stdout).not.toMatch(/jsonstore hook|module loaded/);
      expect(work.store().entries).toEqual({ greeting: "hello" });

      // A refresh reads the object and keeps it: nothing to change (exit code 2 would fail the run).
      const refresh = await work.run("plan", ["-detailed-exitcode"]);
      expect(hookCalls(refresh)).toEqual(["read jsonstore_entry greeting"]);
      expect(await work.state()).toEqual({ [address]: { id: "greeting", key: "greeting", value: "hello" } });

      work.variables.value = "hi";
      const updated = await work.plan();
      expect(updated.actions).toEqual({ [address]: ["update"] });
      expect(updated.result.stdout).toMatch(/~ value += "hello" -> "hi"/);
      const update = await work.run("apply", ["tfplan"]);
      expect(hookCalls(update)).toEqual(["update jsonstore_entry greeting"]);
      expect(work.store().entries).toEqual({ greeting: "hi" });

      work.variables.key = "salutation";
      const replaced = await work.plan();
      expect(replaced.actions).toEqual({ [address]: ["delete", "create"] });
      expect(replaced.result.stdout).toMatch(/~ key += "greeting" -> "salutation" # forces replacement/);
      const replace = await work.run("apply", ["tfplan"]);
      expect(hookCalls(replace)).toEqual(["delete jsonstore_entry greeting", "create jsonstore_entry salutation"]);
      expect(work.store().entries).toEqual({ salutation: "hi" });

      const destroy = await work.run("destroy", ["-auto-approve"]);
      expect(callsOf(destroy, "create", "update", "delete")).toEqual(["delete jsonstore_entry salutation"]);
      expect(work.store().entries).toEqual({});
      expect(await work.state()).toEqual({});
    },
    ENGINE_TIMEOUT * 4,
  );

  test(
    "import adopts existing entries, by `import` and by an import block, then plans no change; a missing one is refused",
    async () => {
      const work = await stackRun(
        "import",
        (stack) => {
          new Entry(stack, "greeting", { key: "greeting", value: "hello" });
          new Entry(stack, "farewell", { key: "farewell", value: "bye" }).importFrom("farewell");
        },
        { entries: { greeting: "hello", farewell: "bye" }, secrets: {} },
      );

      // The read after import finds nothing: the engine refuses to import it.
      await expect(work.run("import", ["jsonstore_entry.greeting", "missing"])).rejects.toThrow(/Cannot import non-existent remote object/);
      const imported = await work.run("import", ["jsonstore_entry.greeting", "greeting"]);
      expect(hookCalls(imported)).toEqual(["import jsonstore_entry greeting", "read jsonstore_entry greeting"]);
      expect(imported.stdout).toContain("Import successful");

      const planned = await work.plan();
      expect(planned.actions).toEqual({ "jsonstore_entry.farewell": ["no-op"], "jsonstore_entry.greeting": ["no-op"] });
      expect(callsOf(planned.result, "import")).toEqual(["import jsonstore_entry farewell"]);
      expect(planned.shown.resource_changes?.find((change) => change.address === "jsonstore_entry.farewell")?.change.importing).toEqual({ id: "farewell" });
      const apply = await work.run("apply", ["tfplan"]);
      expect(callsOf(apply, "create", "update", "delete")).toEqual([]);

      await work.run("plan", ["-detailed-exitcode"]);
      expect(await work.state()).toEqual({
        "jsonstore_entry.farewell": { id: "farewell", key: "farewell", value: "bye" },
        "jsonstore_entry.greeting": { id: "greeting", key: "greeting", value: "hello" },
      });
      expect(work.store().entries).toEqual({ greeting: "hello", farewell: "bye" });
    },
    ENGINE_TIMEOUT * 4,
  );

  test(
    "drift: a value changed behind the engine's back plans an update, a removed entry a re-create",
    async () => {
      const work = await stackRun("drift", (stack) => {
        new Entry(stack, "greeting", { key: "greeting", value: "hello" });
      });
      const address = "jsonstore_entry.greeting";
      await work.run("apply", ["-auto-approve"]);

      work.tamper((contents) => (contents.entries.greeting = "tampered"));
      const changed = await work.plan();
      expect(changed.shown.resource_drift?.map((drift) => [drift.address, drift.change.actions, drift.change.after?.value])).toEqual([[address, ["update"], "tampered"]]);
      expect(changed.actions).toEqual({ [address]: ["update"] });
      expect(hookCalls(await work.run("apply", ["tfplan"]))).toEqual(["update jsonstore_entry greeting"]);
      expect(work.store().entries).toEqual({ greeting: "hello" });

      work.tamper((contents) => delete contents.entries.greeting);
      const removed = await work.plan();
      expect(removed.shown.resource_drift?.map((drift) => [drift.address, drift.change.actions])).toEqual([[address, ["delete"]]]);
      expect(removed.actions).toEqual({ [address]: ["create"] });
      expect(hookCalls(await work.run("apply", ["tfplan"]))).toEqual(["create jsonstore_entry greeting"]);
      expect(work.store().entries).toEqual({ greeting: "hello" });
    },
    ENGINE_TIMEOUT * 4,
  );

  test(
    "a sensitive attribute is stored and usable by reference but never shown; a write-only one reaches the hooks but never the state",
    async () => {
      const secrets = new SecretRegistry();
      const [firstValue, secondValue] = [randomBytes(16).toString("hex"), randomBytes(16).toString("hex")];
      secrets.add("the first write-only value", firstValue);
      secrets.add("the second write-only value", secondValue);
      const work = await stackRun("secrets", (stack) => {
        const name = new TerraformVariable(stack, "secret_name", { type: "string", default: "api" });
        const value = new TerraformVariable(stack, "secret_value", { type: "string", sensitive: true });
        const version = new TerraformVariable(stack, "value_version", { type: "number", default: 1 });
        const secret = new Secret(stack, "api", {
          name: name.stringValue,
          value: value.stringValue,
          valueVersion: version.numberValue,
          lifecycle: { createBeforeDestroy: true },
        });
        new TerraformOutput(stack, "access_key", { value: secret.accessKey, sensitive: true });
      });
      const address = "jsonstore_secret.api";
      // Compared as booleans throughout: a failing assertion must not print a secret.
      const holds = (name: string, value: string) => work.store().secrets[name]?.value === value;

      work.variables.secret_value = firstValue;
      const created = await work.plan();
      expect(created.result.stdout).toMatch(/\+ access_key += \(sensitive value\)/);
      expect(created.result.stdout).toMatch(/\+ value += \(write-only attribute\)/);
      expect(hookCalls(await work.run("apply", ["tfplan"]))).toEqual(["create jsonstore_secret api"]);
      expect(holds("api", firstValue)).toBe(true);
      const accessKey = work.store().secrets.api!.accessKey;
      secrets.add("the first access key", accessKey);

      // The sensitive access key is in state and in `output -json`, and shown nowhere else.
      const state = (await work.state())[address]!;
      expect(state.value).toBeNull();
      expect(state.access_key === accessKey).toBe(true);
      const outputs = await work.outputs();
      expect(outputs.access_key?.sensitive).toBe(true);
      expect(outputs.access_key?.value === accessKey).toBe(true);
      expect((await work.run("output")).stdout).toMatch(/access_key = <sensitive>/);

      // A new write-only value alone is invisible to the plan; bumping its version sends it.
      work.variables.secret_value = secondValue;
      await work.run("plan", ["-detailed-exitcode"]);
      expect(holds("api", firstValue)).toBe(true);
      work.variables.value_version = "2";
      const updated = await work.plan();
      expect(updated.actions).toEqual({ [address]: ["update"] });
      expect(hookCalls(await work.run("apply", ["tfplan"]))).toEqual(["update jsonstore_secret api"]);
      expect(holds("api", secondValue)).toBe(true);
      expect(work.store().secrets.api!.accessKey === accessKey).toBe(true);

      // A new name replaces the secret, the new one first (create_before_destroy); its create gets the write-only value too.
      work.variables.secret_name = "api-v2";
      const replaced = await work.plan();
      expect(replaced.actions).toEqual({ [address]: ["create", "delete"] });
      expect(hookCalls(await work.run("apply", ["tfplan"]))).toEqual(["create jsonstore_secret api-v2", "delete jsonstore_secret api"]);
      expect(Object.keys(work.store().secrets)).toEqual(["api-v2"]);
      expect(holds("api-v2", secondValue)).toBe(true);
      const newAccessKey = work.store().secrets["api-v2"]!.accessKey;
      secrets.add("the second access key", newAccessKey);
      expect(secrets.size).toBe(4);
      expect((await work.outputs()).access_key?.value === newAccessKey).toBe(true);

      // The state holds the access key (sensitive values are stored), never a write-only value.
      const stateFiles = work.stateFiles();
      expect(stateFiles["terraform.tfstate"]!.includes(newAccessKey)).toBe(true);
      expect(secrets.scan(stateFiles).filter(({ secret }) => secret.includes("write-only"))).toEqual([]);

      const destroy = await work.run("destroy", ["-auto-approve"]);
      expect(callsOf(destroy, "create", "update", "delete")).toEqual(["delete jsonstore_secret api-v2"]);
      expect(work.store().secrets).toEqual({});
      // Every run's stdout and stderr (with its DEBUG log), but for the `show -json` and `output -json` that read the state.
      expect(secrets.scan(work.transcript)).toEqual([]);
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
      const entries = () => (JSON.parse(readFileSync(storeFile, "utf8")) as StoreContents).entries;

      await cdktf(["deploy", "store", "--auto-approve"]);
      expect(entries()).toEqual({ greeting: "hello" });
      await cdktf(["destroy", "store", "--auto-approve"]);
      expect(entries()).toEqual({});
    },
    ENGINE_TIMEOUT * 2,
  );
});
