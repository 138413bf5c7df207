import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleEntry } from "../../scripts/bundle.mjs";
import { describeEachEngine } from "../support/engines";
import { TfWorkdir, type PluginAddress } from "../support/tf-workdir";
import { CALL_LOG_FILE, REMOTE_FILE, type HookCall, type StoredThing } from "../fixtures/toy-provider/remote";

/**
 * The "Done when": the toy provider, bundled into one executable file and installed in an
 * implied local mirror, driven through the real engine's whole lifecycle. Asserts on the state the
 * engine stores and on the hooks the provider actually ran.
 */

const TOY: PluginAddress = { hostname: "example.local", namespace: "test", type: "toy", version: "0.1.0" };
const SOURCE = `${TOY.hostname}/${TOY.namespace}/${TOY.type}`;
const STEP_TIMEOUT = 120_000;
const WRITE_ONLY_PASSWORD = "wo-password-never-stored";

let bundleDir: string;
let bundle: string;

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), "toy-bundle-"));
  bundle = join(bundleDir, "terraform-provider-toy.js");
  await bundleEntry("test/fixtures/toy-provider/main.ts", bundle);
}, 60_000);

afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

/** The resource block of the main scenario; `size` is 2^53 + 1, which a JS number cannot hold. */
function thingConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "alpha",
    description: "first",
    password_wo: WRITE_ONLY_PASSWORD,
    password_wo_version: 1,
    // JSON.stringify cannot write 2^53 + 1 from a JS number; the engine converts the string exactly.
    size: "9007199254740993",
    enabled: true,
    tags: { env: "test" },
    ports: [80, 443],
    aliases: ["a", "b"],
    code: "ABC",
    ttl: "720h",
    ...overrides,
  };
}

function mainConfig(resources: Record<string, Record<string, unknown>>): unknown {
  return {
    terraform: { required_providers: { toy: { source: SOURCE, version: TOY.version } } },
    provider: { toy: {} },
    resource: { toy_thing: resources },
  };
}

describeEachEngine("toy provider through the engine", (engine) => {
  let work: TfWorkdir;
  let stateDir: string;
  let callsSeen = 0;
  const env = () => ({ TOY_STATE_DIR: stateDir });
  const run = (args: string[], expectExit: number[] = [0]) => work.run(engine.path, args, { env: env(), expectExit, timeoutMs: STEP_TIMEOUT });

  /** Hook calls since the previous call of this function. */
  function newCalls(): HookCall[] {
    const path = join(stateDir, CALL_LOG_FILE);
    const lines = existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];
    const fresh = lines.slice(callsSeen).map((line) => JSON.parse(line) as HookCall);
    callsSeen = lines.length;
    return fresh;
  }
  const hooks = (calls: HookCall[]) => calls.map((call) => call.hook).filter((hook) => hook !== "read");

  function remoteThings(): Record<string, StoredThing> {
    const path = join(stateDir, REMOTE_FILE);
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as { things: Record<string, StoredThing> }).things : {};
  }

  /** `show -json` of one resource, plus the raw text for exact-number assertions. */
  async function shown(address: string): Promise<{ values: Record<string, unknown>; sensitive: Record<string, unknown>; raw: string }> {
    const { stdout } = await run(["show", "-json"]);
    const resources = (JSON.parse(stdout).values?.root_module?.resources ?? []) as { address: string; values: Record<string, unknown>; sensitive_values: Record<string, unknown> }[];
    const resource = resources.find((r) => r.address === address);
    if (!resource) throw new Error(`${address} not in state:\n${stdout}`);
    return { values: resource.values, sensitive: resource.sensitive_values, raw: stdout };
  }

  beforeAll(async () => {
    work = TfWorkdir.create(`toy-e2e-${engine.name}`);
    stateDir = join(work.dir, "..", "remote");
    mkdirSync(stateDir);
    work.installPlugin(bundle, TOY);
    work.writeConfig(mainConfig({ main: thingConfig() }));
    await run(["init", "-no-color", "-input=false"]);
  }, STEP_TIMEOUT);

  afterAll(() => work?.dispose());

  test("providers schema -json shows every attribute with its flags", async () => {
    const { stdout } = await run(["providers", "schema", "-json"]);
    const schema = JSON.parse(stdout).provider_schemas[SOURCE];
    expect(schema.provider.block.attributes.state_dir).toMatchObject({ type: "string", optional: true });
    const attributes = schema.resource_schemas.toy_thing.block.attributes;
    expect(attributes.id).toMatchObject({ type: "string", computed: true });
    expect(attributes.name).toMatchObject({ type: "string", required: true });
    expect(attributes.label).toMatchObject({ optional: true, computed: true });
    expect(attributes.secret).toMatchObject({ computed: true, sensitive: true });
    expect(attributes.password_wo).toMatchObject({ optional: true, write_only: true, sensitive: true });
    expect(attributes.legacy_note).toMatchObject({ deprecated: true });
    expect(attributes.tags.type).toEqual(["map", "string"]);
    expect(attributes.ports.type).toEqual(["list", "number"]);
    expect(attributes.aliases.type).toEqual(["set", "string"]);
    expect(attributes.size.type).toBe("number");
  });

  test("validate accepts the configuration without calling any hook", async () => {
    const { stdout } = await run(["validate", "-no-color"]);
    expect(stdout).toContain("The configuration is valid");
    expect(newCalls()).toEqual([]);
  });

  test("plan shows a create; apply creates once; state is exact, write-only absent, secret marked sensitive", async () => {
    const plan = await run(["plan", "-no-color", "-input=false", "-detailed-exitcode"], [2]);
    expect(plan.stdout).toContain("toy_thing.main will be created");
    expect(plan.stdout).toContain("1 to add, 0 to change, 0 to destroy");
    expect(hooks(newCalls())).toEqual([]);

    await run(["apply", "-no-color", "-input=false", "-auto-approve"]);
    expect(hooks(newCalls())).toEqual(["create"]);

    const { values, sensitive, raw } = await shown("toy_thing.main");
    expect(values).toMatchObject({ name: "alpha", description: "first", label: "label-alpha", enabled: true, code: "ABC", revision: 1 });
    expect(values.id).toMatch(/^thing-[0-9a-f]{8}$/);
    expect(values.tags).toEqual({ env: "test" });
    expect(values.ports).toEqual([80, 443]);
    expect(values.aliases).toEqual(["a", "b"]);
    expect(raw).toContain('"size":9007199254740993');
    expect(values.password_wo).toBeNull();
    expect(raw).not.toContain(WRITE_ONLY_PASSWORD);
    expect(sensitive.secret).toBe(true);
    expect(typeof values.secret).toBe("string");

    const stored = remoteThings()[values.id as string];
    expect(stored.attributes).toContain('"size":9007199254740993');
    expect(stored.passwordSha256).toMatch(/^[0-9a-f]{64}$/);

    // Private state made the round trip through the engine's state file.
    const tfstate = JSON.parse(readFileSync(join(work.dir, "terraform.tfstate"), "utf8"));
    const instance = tfstate.resources.find((r: { name: string }) => r.name === "main").instances[0];
    expect(JSON.parse(Buffer.from(instance.private, "base64").toString("utf8"))).toEqual({ createdBy: expect.any(Number) });
  });

  test("a second plan shows no changes (exit 0)", async () => {
    const plan = await run(["plan", "-no-color", "-input=false", "-detailed-exitcode"], [0]);
    expect(plan.stdout).toContain("No changes");
    expect(hooks(newCalls())).toEqual([]);
  });

  test("an in-place update keeps the id and runs update, not create", async () => {
    const before = await shown("toy_thing.main");
    const hashBefore = remoteThings()[before.values.id as string].passwordSha256;
    work.writeConfig(mainConfig({ main: thingConfig({ description: "second", size: 0.1, password_wo_version: 2, password_wo: "another-wo-password" }) }));
    const plan = await run(["plan", "-no-color", "-input=false", "-detailed-exitcode"], [2]);
    expect(plan.stdout).toContain("toy_thing.main will be updated in-place");
    expect(plan.stdout).toContain("revision");
    newCalls();

    await run(["apply", "-no-color", "-input=false", "-auto-approve"]);
    expect(hooks(newCalls())).toEqual(["update"]);
    const after = await shown("toy_thing.main");
    expect(after.values).toMatchObject({ id: before.values.id, description: "second", revision: 2, secret: before.values.secret });
    expect(after.raw).toContain('"size":0.1');
    // The new write-only value reached the update hook because its version changed.
    expect(remoteThings()[before.values.id as string].passwordSha256).not.toBe(hashBefore);
    await run(["plan", "-no-color", "-input=false", "-detailed-exitcode"], [0]);
  });

  test("changing a requiresReplace attribute replaces the resource", async () => {
    const before = await shown("toy_thing.main");
    work.writeConfig(mainConfig({ main: thingConfig({ name: "alpha-2", description: "second", size: 0.1, password_wo_version: 2 }) }));
    const plan = await run(["plan", "-no-color", "-input=false", "-detailed-exitcode"], [2]);
    expect(plan.stdout).toContain("must be replaced");
    expect(plan.stdout).toContain("forces replacement");
    newCalls();

    await run(["apply", "-no-color", "-input=false", "-auto-approve"]);
    expect(hooks(newCalls())).toEqual(["delete", "create"]);
    const after = await shown("toy_thing.main");
    expect(after.values.id).not.toBe(before.values.id);
    expect(after.values).toMatchObject({ name: "alpha-2", label: "label-alpha-2", revision: 1 });
    expect(Object.keys(remoteThings())).toEqual([after.values.id]);
  });

  test("an object deleted out of band is planned for creation and re-created", async () => {
    const before = await shown("toy_thing.main");
    writeFileSync(join(stateDir, REMOTE_FILE), JSON.stringify({ things: {} }));
    newCalls();
    const plan = await run(["plan", "-no-color", "-input=false", "-detailed-exitcode"], [2]);
    // The refresh found the object gone (read returned null), so the engine dropped it and plans a create.
    expect(newCalls()).toContainEqual(expect.objectContaining({ hook: "read", id: before.values.id }));
    expect(plan.stdout).toContain("toy_thing.main will be created");
    expect(plan.stdout).toContain("1 to add, 0 to change, 0 to destroy");

    await run(["apply", "-no-color", "-input=false", "-auto-approve"]);
    expect(hooks(newCalls())).toEqual(["create"]);
    const after = await shown("toy_thing.main");
    expect(after.values.id).not.toBe(before.values.id);
  });

  test("import adopts an existing object, after which plan shows no changes", async () => {
    const id = "thing-imported";
    const current = JSON.parse(readFileSync(join(stateDir, REMOTE_FILE), "utf8")) as { things: Record<string, StoredThing> };
    const imported: StoredThing = {
      id,
      attributes: JSON.stringify({ name: "beta", label: "label-beta", secret: "imported-secret" }),
      passwordSha256: null,
      revision: 7,
    };
    writeFileSync(join(stateDir, REMOTE_FILE), JSON.stringify({ things: { ...current.things, [id]: imported } }));
    work.writeConfig(mainConfig({ main: thingConfig({ name: "alpha-2", description: "second", size: 0.1, password_wo_version: 2 }), imported: { name: "beta" } }));
    newCalls();

    await run(["import", "-no-color", "-input=false", "toy_thing.imported", id]);
    const calls = newCalls().filter((call) => call.id === id);
    expect(calls.map((call) => call.hook)).toEqual(["import", "read"]);
    const state = await shown("toy_thing.imported");
    expect(state.values).toMatchObject({ id, name: "beta", label: "label-beta", revision: 7, description: null });
    await run(["plan", "-no-color", "-input=false", "-detailed-exitcode"], [0]);
  });

  test("destroy deletes every object", async () => {
    newCalls();
    await run(["destroy", "-no-color", "-input=false", "-auto-approve"]);
    expect(hooks(newCalls()).sort()).toEqual(["delete", "delete"]);
    expect(remoteThings()).toEqual({});
  });

  test("validate reports bad attributes with our diagnostics, naming the attribute", async () => {
    work.writeConfig(
      mainConfig({ main: thingConfig({ code: "abc", ttl: "720h", expires_at: "2999-01-01T00:00:00Z", legacy_note: "old", enabled: false }) }),
    );
    const result = await run(["validate", "-no-color"], [1]);
    const output = result.stdout + result.stderr;
    expect(output).toContain('Invalid value for "code"');
    expect(output).toContain('"code" must be three capital letters (got "abc")');
    expect(output).toContain('Conflicting arguments "expires_at" and "ttl"');
    expect(output).toContain("Ports need the thing enabled");
    expect(output).toContain('Argument "legacy_note" is deprecated');
    // The engine quotes the offending argument's line when the diagnostic carries its path.
    expect(output).toMatch(/on main\.tf\.json line \d+[\s\S]*"code": "abc"/);
    expect(newCalls()).toEqual([]);
  });
});
