import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCliArgs } from "../../../src/cli/args";
import { initApp } from "../../../src/cli/init-command";
import { appFiles, mainSource, stackSource } from "../../../src/cli/init-template";
import { PROVIDER_VERSION } from "../../../src/provider/address";

const README = readFileSync(join(__dirname, "..", "..", "..", "README.md"), "utf8");

/** The ```ts blocks of the README's usage section, in order. */
function usageExamples(): string[] {
  const start = README.indexOf("\n## Using it in your cdktf app\n");
  const section = README.slice(start, README.indexOf("\n## ", start + 10));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

describe("cdktf-token-hooks init", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "tokenhooks-init-unit-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("is parsed with its one option", () => {
    expect(parseCliArgs(["init"])).toEqual({ command: "init", library: "cdktf" });
    expect(parseCliArgs(["init", "--cdktn"])).toEqual({ command: "init", library: "cdktn" });
    expect(parseCliArgs(["init", "--cdktf"])).toEqual({ command: "invalid", reason: "unknown option --cdktf for init" });
  });

  test("writes the README's stack and main.ts, for cdktf as printed and for cdktn with its imports", () => {
    expect(usageExamples()).toEqual([stackSource("cdktf"), mainSource("cdktf")]);
    expect(stackSource("cdktn")).toBe(stackSource("cdktf").replace('from "cdktf"', 'from "cdktn"'));
    expect(mainSource("cdktn")).toBe(mainSource("cdktf").replace('from "cdktf"', 'from "cdktn"'));
  });

  test.each(["cdktf", "cdktn"] as const)("pins every %s dependency to one version, with the CLI among the dev dependencies", (library) => {
    const manifest = JSON.parse(appFiles("app", library).get("package.json")!) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    for (const version of [...Object.values(manifest.dependencies), ...Object.values(manifest.devDependencies)]) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.dependencies).toMatchObject({ [library]: expect.any(String), "cdktf-token-hooks": PROVIDER_VERSION });
    expect(manifest.devDependencies).toHaveProperty(`${library}-cli`);
    expect(manifest.scripts).toMatchObject({ deploy: `${library} deploy`, diff: `${library} diff`, destroy: `${library} destroy`, test: "jest" });
    const other = library === "cdktf" ? "cdktn" : "cdktf";
    expect([...appFiles("app", library).values()].join("\n")).not.toContain(`"${other}"`);
  });

  test("fills an empty folder, named after it", () => {
    const dir = join(root, "My App");
    const written = initApp(dir, "cdktn");
    expect(written.sort()).toEqual([...appFiles("my-app", "cdktn").keys()].sort());
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name).toBe("my-app");
    expect(readFileSync(join(dir, "ci-credentials.ts"), "utf8")).toBe(stackSource("cdktn"));
  });

  test("refuses a folder that has files, and leaves them alone", () => {
    mkdirSync(join(root, "app"));
    writeFileSync(join(root, "app", "notes.txt"), "mine");
    expect(() => initApp(join(root, "app"), "cdktf")).toThrow(/is not empty \(notes\.txt\)/);
    expect(readdirSync(join(root, "app"))).toEqual(["notes.txt"]);
  });
});
