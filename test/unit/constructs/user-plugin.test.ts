import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { providerConstructs, type ProviderConstructs } from "../../../src/custom/constructs";
import { LOCK_FILE_NAME, pluginLockBlock } from "../../../src/constructs/provider-lock";
import { packageProviderPlugin } from "../../../src/constructs/user-plugin-bundle";
import { conventionalProviderEntry } from "../../../src/constructs/provider-entry";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../../src/plugin/protocol/serve";
import { localProviderAddress, mirrorExecutablePath } from "../../../src/provider/address";
import { entrySchema, jsonstoreProviderSchema } from "../../fixtures/user-provider/schema";

const FIXTURE = resolve(__dirname, "../../fixtures/user-provider");
const CUSTOM_MODULE = resolve(__dirname, "../../../src/custom");
const PACKAGE_DIR = resolve(__dirname, "../../..");

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "user-plugin-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the fixture provider in `scratch`, importing this package's `custom` module by absolute path. */
function copiedFixture(): string {
  const dir = join(scratch, "provider");
  cpSync(FIXTURE, dir, { recursive: true });
  for (const file of ["schema.ts", "provider.ts"]) {
    const path = join(dir, file);
    writeFileSync(path, readFileSync(path, "utf8").replace("../../../src/custom", CUSTOM_MODULE));
  }
  return join(dir, "provider.ts");
}

describe("packageProviderPlugin", () => {
  test("bundles an executable plugin whose pre-release version is derived from its bytes", () => {
    const plugin = packageProviderPlugin({ entry: join(FIXTURE, "provider.ts"), typeName: "jsonstore", cacheDir: join(scratch, "cache") });
    expect(plugin.bundled).toBe(true);
    expect(plugin.version).toMatch(/^0\.0\.0-h[0-9a-f]{16}$/);
    const bytes = readFileSync(plugin.bundlePath);
    expect(bytes.subarray(0, 20).toString()).toBe("#!/usr/bin/env node\n");
    expect(statSync(plugin.bundlePath).mode & 0o111).toBe(0o111);
    // Module names are relative to the project: the bytes, hence the version, do not depend on where it lies.
    expect(bytes.toString()).not.toContain(resolve(__dirname, "../../.."));
  });

  test("skips bundling while no input's content changed, and rebundles under a new version when one did", () => {
    const entry = copiedFixture();
    const cacheDir = join(scratch, "cache");
    const first = packageProviderPlugin({ entry, typeName: "jsonstore", cacheDir });
    writeFileSync(join(scratch, "provider", "schema.ts"), readFileSync(join(scratch, "provider", "schema.ts")));
    expect(packageProviderPlugin({ entry, typeName: "jsonstore", cacheDir })).toEqual({ ...first, bundled: false });
    const schema = join(scratch, "provider", "schema.ts");
    writeFileSync(schema, readFileSync(schema, "utf8").replace("One key and its value", "One key, one value"));
    const changed = packageProviderPlugin({ entry, typeName: "jsonstore", cacheDir });
    expect(changed.bundled).toBe(true);
    expect(changed.version).not.toBe(first.version);
  });

  test("keeps the bundles of one module built from two project directories apart", () => {
    const entry = copiedFixture();
    const cacheDir = join(scratch, "cache");
    const fromProject = packageProviderPlugin({ entry, typeName: "jsonstore", cacheDir, projectDir: scratch });
    const fromProvider = packageProviderPlugin({ entry, typeName: "jsonstore", cacheDir, projectDir: join(scratch, "provider") });
    expect(fromProvider.bundled).toBe(true);
    expect(packageProviderPlugin({ entry, typeName: "jsonstore", cacheDir, projectDir: scratch })).toEqual({ ...fromProject, bundled: false });
  });

  test("bundles a 200-line provider module in at most 2 s", () => {
    const dir = join(copiedFixture(), "..");
    const lines = [`import { attribute, defineProvider, defineResource, resourceSchema } from ${JSON.stringify(CUSTOM_MODULE)};`, `import { jsonstoreProviderSchema } from "./schema";`];
    const resources: string[] = [];
    for (let index = 0; lines.length < 195; index++) {
      lines.push(
        `const schema${index} = resourceSchema({ typeName: "jsonstore_thing${index}", version: 0, description: "Thing ${index}.", attributes: {`,
        `  id: attribute.string({ computed: true, description: "Id." }),`,
        `  name: attribute.string({ required: true, requiresReplace: true, description: "Name ${index}." }),`,
        `} });`,
        `const thing${index} = defineResource(schema${index}, { create: (_ctx, { planned }) => ({ state: { id: "${index}", name: planned.name } }), read: (_ctx, { state }) => ({ state }), delete: () => undefined });`,
      );
      resources.push(`thing${index}`);
    }
    lines.push(`export const provider = defineProvider(jsonstoreProviderSchema, { configure: () => ({}), resources: [${resources.join(", ")}] });`);
    writeFileSync(join(dir, "big.ts"), `${lines.join("\n")}\n`);
    expect(lines.length).toBeGreaterThanOrEqual(196);
    const started = process.hrtime.bigint();
    const plugin = packageProviderPlugin({ entry: join(dir, "big.ts"), typeName: "jsonstore", cacheDir: join(scratch, "cache") });
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    expect(plugin.bundled).toBe(true);
    expect(milliseconds).toBeLessThanOrEqual(2000);
  });

  test("fails naming the provider and the entry when the module does not build", () => {
    writeFileSync(join(scratch, "broken.ts"), 'import { nothing } from "./missing";\nexport const x = nothing;\n');
    expect(() => packageProviderPlugin({ entry: join(scratch, "broken.ts"), typeName: "jsonstore", cacheDir: join(scratch, "cache") })).toThrow(
      /bundling the plugin of provider jsonstore from .*broken\.ts failed:[\s\S]*\.\/missing/,
    );
  });

  test("the plugin writes only the handshake to stdout; the module's console.log goes to stderr", async () => {
    const plugin = packageProviderPlugin({ entry: join(FIXTURE, "provider.ts"), typeName: "jsonstore", cacheDir: join(scratch, "cache") });
    const child = spawn(plugin.bundlePath, [], { env: { ...process.env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "6" } });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await new Promise<void>((resolveLine, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes("\n")) resolveLine();
        });
        child.on("exit", (code) => reject(new Error(`plugin exited with ${code}: ${stderr}`)));
      });
      expect(stdout).toMatch(/^1\|6\|unix\|[^|]+\|grpc\|\n$/);
      expect(stderr).toContain("jsonstore: module loaded");
    } finally {
      child.kill();
    }
  });
});

describe("providerConstructs with the provider's entry", () => {
  test("puts the packaged plugin into the stack's mirror and lock file and requires its exact version", () => {
    const cacheEntry = join(FIXTURE, "provider.ts");
    const jsonstore = providerConstructs(jsonstoreProviderSchema, { entry: cacheEntry });
    const Entry = jsonstore.resource(entrySchema);
    const stack = new TerraformStack(Testing.app() as App, "store");
    new jsonstore.Provider(stack, "jsonstore", { file: "entries.json" });
    new Entry(stack, "greeting", { key: "greeting", value: "hello" });
    const outdir = Testing.fullSynth(stack);
    const stackDir = join(outdir, "stacks", "store");
    const { version } = packageProviderPlugin({ entry: cacheEntry, typeName: "jsonstore" });
    const address = localProviderAddress("jsonstore", version);
    const config = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { terraform: { required_providers: Record<string, unknown> } };
    expect(config.terraform.required_providers.jsonstore).toEqual({ source: "cdktf-token-hooks.local/jsonstore/jsonstore", version });
    const executable = readFileSync(join(stackDir, "terraform.d", "plugins", mirrorExecutablePath(undefined, address)));
    expect(readFileSync(join(stackDir, LOCK_FILE_NAME), "utf8")).toContain(pluginLockBlock(executable, address));
    rmSync(outdir, { recursive: true, force: true });
  });

  test("refuses both an entry and a version", () => {
    expect(() => providerConstructs(jsonstoreProviderSchema, { entry: join(FIXTURE, "provider.ts"), version: "1.0.0" })).toThrow(/give entry or version, not both/);
  });
});

describe("providerConstructs without an entry", () => {
  const workingDir = process.cwd();
  // Synth's working directory is the project: the bundle and its cache stay in the scratch folder.
  beforeEach(() => process.chdir(scratch));
  afterEach(() => process.chdir(workingDir));

  /** A user's constructs module (CommonJS) in `dir`, calling providerConstructs with the fixture's schema and `options`. */
  function constructsModule(dir: string, options = "{}"): ProviderConstructs<typeof jsonstoreProviderSchema.attributes> {
    const file = join(dir, "jsonstore-constructs.js");
    writeFileSync(
      file,
      [
        `const { providerConstructs } = require(${JSON.stringify(join(CUSTOM_MODULE, "constructs"))});`,
        `const { jsonstoreProviderSchema } = require(${JSON.stringify(join(FIXTURE, "schema"))});`,
        `module.exports = providerConstructs(jsonstoreProviderSchema, ${options});`,
      ].join("\n"),
    );
    return require(file) as ProviderConstructs<typeof jsonstoreProviderSchema.attributes>;
  }

  function requiredVersion(jsonstore: ProviderConstructs<typeof jsonstoreProviderSchema.attributes>): unknown {
    const synthesized = JSON.parse(Testing.synthScope((stack) => void new jsonstore.Provider(stack, "jsonstore", { file: "entries.json" })));
    return synthesized.terraform.required_providers.jsonstore.version;
  }

  test("package <name>.provider.ts found beside the file that calls it", () => {
    const dir = join(copiedFixture(), "..");
    renameSync(join(dir, "provider.ts"), join(dir, "jsonstore.provider.ts"));
    const jsonstore = constructsModule(dir);
    const { version, bundled } = packageProviderPlugin({ entry: join(dir, "jsonstore.provider.ts"), typeName: "jsonstore" });
    expect(bundled).toBe(false);
    expect(requiredVersion(jsonstore)).toBe(version);
  });

  test("fail when there is none, naming every path tried and how to name the module", () => {
    let message = "";
    try {
      providerConstructs(jsonstoreProviderSchema);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`provider jsonstore: no entry was given and no module of the provider is beside ${__filename}`);
    expect(message).toContain(`Tried:\n  - ${join(__dirname, "jsonstore.provider.ts")}\n  - ${join(__dirname, "jsonstore.provider.js")}\n`);
    expect(message).toContain('providerConstructs(schema, { entry: "<path from the cdktf project>" })');
  });

  test("look past this package's frames, as built (lib/) or as a source map shows them (src/)", () => {
    writeFileSync(join(scratch, "jsonstore.provider.js"), "");
    const frames = ["lib/custom/definition-site.js", "src/constructs/provider-entry.ts", "lib/constructs/defined-constructs.js", "src/constructs/defined-constructs.ts"].map(
      (file) => `    at fn (${join(PACKAGE_DIR, file)}:1:1)`,
    );
    const original = Error.prepareStackTrace;
    Error.prepareStackTrace = () => ["Error", ...frames, `    at Object.<anonymous> (${join(scratch, "jsonstore-constructs.ts")}:5:3)`].join("\n");
    try {
      expect(conventionalProviderEntry("jsonstore")).toBe(join(scratch, "jsonstore.provider.js"));
    } finally {
      Error.prepareStackTrace = original;
    }
  });

  test("an explicit entry wins over the module the convention would find", () => {
    const dir = join(copiedFixture(), "..");
    writeFileSync(join(dir, "jsonstore.provider.ts"), 'import { nothing } from "./missing";\nexport const provider = nothing;\n');
    const jsonstore = constructsModule(dir, JSON.stringify({ entry: join(dir, "provider.ts") }));
    expect(requiredVersion(jsonstore)).toBe(packageProviderPlugin({ entry: join(dir, "provider.ts"), typeName: "jsonstore" }).version);
  });
});
