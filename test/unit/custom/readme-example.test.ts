import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { AttributeError } from "../../../src/custom";
import type { ResourceContext } from "../../../src/plugin/framework/definition";
import { filestore } from "../../types/compiles/filestore.provider";

/**
 * The README's "Write your own resource" example is the fixture under test/types/compiles, which
 * the type fixtures test compiles and whose stack test plans through the packaged plugin: each
 * README code block opening with `// <file name>` must be that fixture, but for the import paths
 * an installed package has. Its hooks are run here as the framework runs them.
 */

const ROOT = path.resolve(__dirname, "..", "..", "..");
const FIXTURES = path.join(ROOT, "test", "types", "compiles");
const EXAMPLE_FILES = ["filestore-stack.test.ts", "filestore-stack.ts", "filestore.provider.ts", "filestore.schema.ts"];

/** The README's section under `heading`, up to the next level-2 heading. */
function readmeSection(heading: string): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The section's TypeScript blocks by the file name their first line names. */
function namedBlocks(section: string): Map<string, string> {
  return new Map([...section.matchAll(/```ts\n\/\/ ([\w.-]+\.ts)\n([\s\S]*?)```/g)].map((match) => [match[1], match[2]]));
}

const asInstalled = (source: string) => source.replaceAll('"../../../src/custom', '"cdktf-token-hooks/custom');

describe('README "Write your own resource"', () => {
  const blocks = namedBlocks(readmeSection("Write your own resource"));

  test("shows every file of the example", () => {
    expect([...blocks.keys()].sort()).toEqual(EXAMPLE_FILES);
  });

  test.each(EXAMPLE_FILES)("%s is the compiled fixture", (file) => {
    expect(blocks.get(file)).toBe(asInstalled(fs.readFileSync(path.join(FIXTURES, file), "utf8")));
  });
});

describe("the README example's hooks", () => {
  const secret = filestore.resources[0];
  let directory: string;
  let ctx: ResourceContext<{ readonly directory: string }>;

  beforeEach(async () => {
    directory = fs.mkdtempSync(path.join(tmpdir(), "filestore-"));
    const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const clients = await filestore.configure({ directory }, { terraformVersion: "1.11.4" });
    ctx = { clients, now: () => new Date(), log: silent, warn: () => undefined, warnOncePerRun: () => undefined, stopping: new AbortController().signal };
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  test("writes a write-only value to a file only its owner reads, and never returns it", async () => {
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    const { state } = await secret.create(ctx, { planned: { name: "db", value_version: 1 }, config: { name: "db", value: "pw-1", value_version: 1 } });
    const file = path.join(directory, "db");
    expect(fs.readFileSync(file, "utf8")).toBe("pw-1");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(state).toEqual({ id: file, name: "db", value_version: 1, generated: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  test("stores a generated secret, reads a deleted file as gone, and refuses to overwrite a file, naming the attribute", async () => {
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    const { state } = await secret.create(ctx, { planned: { name: "key", value_version: 1 }, config: { name: "key", value: null, value_version: 1 } });
    expect(fs.readFileSync(path.join(directory, "key"), "utf8")).toBe(state.generated);
    await expect(secret.create(ctx, { planned: { name: "key", value_version: 1 }, config: { name: "key", value: null, value_version: 1 } })).rejects.toEqual(
      expect.objectContaining({ constructor: AttributeError, attributePath: ["name"] }),
    );
    expect(await secret.read(ctx, { state, private: undefined })).toEqual({ state });
    await secret.delete(ctx, { state, private: undefined });
    expect(await secret.read(ctx, { state, private: undefined })).toBeNull();
  });
});
