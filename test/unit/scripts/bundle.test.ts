import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { bundleAll, bundleEntry, ENTRIES } from "../../../scripts/bundle.mjs";
import { pluginBuild } from "../../../src/plugin/warm/plugin-build";

const REPO = resolve(__dirname, "../../..");
const ENTRY = relative(REPO, join(__dirname, "fixtures", "bundle-entry.ts"));
const DEFERRING_ENTRY = relative(REPO, join(__dirname, "fixtures", "deferred-entry.ts"));
const DEFERRED_MODULE = relative(REPO, join(__dirname, "fixtures", "deferred-agent.ts"));

let outDir: string;

beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), "bundle-test-"));
});

afterEach(() => rmSync(outDir, { recursive: true, force: true }));

describe("bundleEntry", () => {
  test("gives the same bytes wherever the output goes, with no machine paths in them", async () => {
    const first = join(outDir, "a", "tool.js");
    const second = join(outDir, "elsewhere", "deeper", "tool.js");

    await bundleEntry(ENTRY, first);
    await bundleEntry(ENTRY, second);

    const bytes = readFileSync(first);
    expect(readFileSync(second).equals(bytes)).toBe(true);
    const text = bytes.toString("utf8");
    expect(text).not.toContain(REPO);
    expect(text).not.toContain(outDir);
    expect(text).not.toContain(tmpdir());
  });

  test("writes a minified executable node script that keeps its names", async () => {
    const outfile = join(outDir, "tool.js");
    // Executable for everyone even under a private umask: engines run the plugin as any user.
    const umask = process.umask(0o077);
    try {
      await bundleEntry(ENTRY, outfile);
    } finally {
      process.umask(umask);
    }

    const text = readFileSync(outfile, "utf8");
    expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(outfile).mode & 0o777).toBe(0o755);
    // Unminified bundles name each source file in a comment.
    expect(text).not.toContain("bundle-greeting");
    const run = spawnSync(outfile, { encoding: "utf8", timeout: 20_000 });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("hello from bundle GreetingWriter function\n");
  });

  test("embeds a deferred module, with what it imports, as text compiled and run only when first required", async () => {
    const outfile = join(outDir, "tool.js");
    await bundleEntry(DEFERRING_ENTRY, outfile, { deferred: [DEFERRED_MODULE] });

    const text = readFileSync(outfile, "utf8");
    expect(text).toContain(`{filename:"${DEFERRED_MODULE} (deferred)"}`);
    // One embedded copy, however many files import the module.
    expect(text.split("(deferred)").length - 1).toBe(1);
    const idle = spawnSync(outfile, { encoding: "utf8", timeout: 20_000 });
    expect({ stdout: idle.stdout, stderr: idle.stderr }).toEqual({ stdout: "false unused false\n", stderr: "" });
    const used = spawnSync(outfile, ["use"], { encoding: "utf8", timeout: 20_000 });
    expect({ stdout: used.stdout, stderr: used.stderr }).toEqual({ stdout: "false function true true\n", stderr: "" });
  });

  test("puts the warm-server launcher in front when asked: a shell script naming the build, then the JavaScript node runs", async () => {
    const outfile = join(outDir, "tool.js");
    await bundleEntry(ENTRY, outfile, { launcher: true });

    const bytes = readFileSync(outfile);
    expect(bytes.toString("utf8").startsWith("#!/bin/sh\n")).toBe(true);
    const build = pluginBuild(bytes);
    expect(build).toMatch(/^[0-9a-f]{16}$/);
    // Run by the shell, which finds no server (switched off here) and hands the file to node.
    const run = spawnSync(outfile, { encoding: "utf8", timeout: 20_000, env: { ...process.env, TOKENHOOKS_PLUGIN_SERVER: "0" } });
    expect({ stdout: run.stdout, stderr: run.stderr }).toEqual({ stdout: "hello from bundle GreetingWriter function\n", stderr: "" });
    // With the server on and none running, node runs the body through the launcher's loader (which
    // would use a code cache from the private server directory; there is none yet here).
    const runtimeDir = mkdtempSync(join(tmpdir(), "bundle-xdg-"));
    try {
      const loaded = spawnSync(outfile, { encoding: "utf8", timeout: 20_000, env: { ...process.env, TOKENHOOKS_PLUGIN_SERVER: "1", XDG_RUNTIME_DIR: runtimeDir } });
      expect({ stdout: loaded.stdout, stderr: loaded.stderr }).toEqual({ stdout: "hello from bundle GreetingWriter function\n", stderr: "" });
    } finally {
      rmSync(runtimeDir, { recursive: true, force: true });
    }
    // The id is the body's: a changed body no longer matches it.
    const tampered = Buffer.concat([bytes, Buffer.from("\n")]);
    expect(pluginBuild(tampered)).toBeUndefined();
  });

  test("replaces an existing file whole", async () => {
    const outfile = join(outDir, "tool.js");
    writeFileSync(outfile, "stale");

    await bundleEntry(ENTRY, outfile);

    expect(readFileSync(outfile, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(statSync(outfile).mode & 0o777).toBe(0o755);
  });
});

describe("bundleAll", () => {
  test("bundles the provider plugin and the CLI into dist/", () => {
    expect(ENTRIES).toEqual([
      { source: "src/main/terraform-provider-tokenhooks.ts", outfile: "dist/terraform-provider-tokenhooks.js", deferred: ["src/http/undici.ts"], launcher: true },
      { source: "src/cli/main.ts", outfile: "dist/cdktf-token-hooks.js", deferred: [], launcher: false },
    ]);
  });

  test("skips an entry whose source does not exist yet, and says so", async () => {
    const log: string[] = [];
    const outfile = join(outDir, "later.js");

    const outcomes = await bundleAll({ entries: [{ source: "src/not-yet-written.ts", outfile }], log: (line) => log.push(line) });

    expect(outcomes).toEqual([{ source: "src/not-yet-written.ts", outfile, status: "skipped" }]);
    expect(log).toEqual(["bundle: skipped src/not-yet-written.ts (not written yet)"]);
    expect(existsSync(outfile)).toBe(false);
  });

  test("removes the stale executable of an entry that fails, and goes on with the next", async () => {
    const broken = join(outDir, "broken.ts");
    writeFileSync(broken, 'import { missing } from "./nowhere";\nconsole.log(missing);\n');
    const brokenOut = join(outDir, "broken.js");
    writeFileSync(brokenOut, "#!/usr/bin/env node\n// last good build\n");
    const goodOut = join(outDir, "good.js");
    const log: string[] = [];

    const outcomes = await bundleAll({
      entries: [
        { source: broken, outfile: brokenOut },
        { source: ENTRY, outfile: goodOut },
      ],
      log: (line) => log.push(line),
    });

    expect(outcomes.map(({ status }) => status)).toEqual(["failed", "bundled"]);
    expect(outcomes[0]).toMatchObject({ message: expect.stringContaining('Could not resolve "./nowhere"') });
    expect(existsSync(brokenOut)).toBe(false);
    expect(existsSync(goodOut)).toBe(true);
    expect(log).toEqual([expect.stringMatching(/^bundle: FAILED .*broken\.ts → .*broken\.js \(removed\):\n.*Could not resolve "\.\/nowhere"/s)]);
  });
});
