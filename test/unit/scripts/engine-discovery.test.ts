import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cachedTofuPath, findEngines, OPENTOFU_VERSION } from "../../../scripts/engine.mjs";
import { writeFakeEngine, writeFakeGo, writeScript } from "./fixtures/fake-executables";

const ENGINE_SCRIPT = resolve(__dirname, "../../../scripts/engine.mjs");

let root: string;
let bin: string;
let cache: string;
let progress: string[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "engine-discovery-"));
  bin = join(root, "bin");
  cache = join(root, "cache");
  mkdirSync(bin);
  progress = [];
});

afterEach(() => {
  // The fake module cache is read-only, as Go's is.
  spawnSync("/bin/chmod", ["-R", "u+w", root]);
  rmSync(root, { recursive: true, force: true });
});

/** An environment whose PATH holds only the fakes in `bin`. */
function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: bin, TOKENHOOKS_CACHE_DIR: cache, ...extra };
}

function find(build: boolean, extra: NodeJS.ProcessEnv = {}) {
  return findEngines({ build, env: testEnv(extra), progress: (line) => progress.push(line) });
}

function cachedTofu(): string {
  return cachedTofuPath(testEnv());
}

/** A read-only stand-in for OpenTofu's module in Go's module cache; its "source" is a fake tofu. */
function fakeModule(tofuVersion = OPENTOFU_VERSION): string {
  const moduleDir = join(root, "gomodcache", `opentofu@v${OPENTOFU_VERSION}`);
  writeFakeEngine(join(moduleDir, "cmd", "tofu", "tofu"), "OpenTofu", tofuVersion, 0o555);
  chmodSync(join(moduleDir, "cmd", "tofu"), 0o555);
  chmodSync(join(moduleDir, "cmd"), 0o555);
  chmodSync(moduleDir, 0o555);
  return moduleDir;
}

function installFakeGo(options: { tofuVersion?: string; buildFailure?: string } = {}): string {
  const argsLog = join(root, "go-build-args.log");
  writeFakeGo(join(bin, "go"), { moduleDir: fakeModule(options.tofuVersion), argsLog, buildFailure: options.buildFailure });
  return argsLog;
}

describe("engine discovery order", () => {
  test("TERRAFORM_BINARY_NAME wins over PATH and the cache", async () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    writeFakeEngine(join(bin, "tofu"), "OpenTofu", "1.12.6");
    writeFakeEngine(cachedTofu(), "OpenTofu", OPENTOFU_VERSION);
    const chosen = join(root, "elsewhere", "my-tofu");
    writeFakeEngine(chosen, "OpenTofu", "1.10.2");

    await expect(find(true, { TERRAFORM_BINARY_NAME: chosen })).resolves.toEqual([{ name: "tofu", path: chosen, version: "1.10.2" }]);
  });

  test("TERRAFORM_BINARY_NAME may name an executable on PATH", async () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    writeFakeEngine(join(bin, "tofu"), "OpenTofu", "1.12.6");

    await expect(find(false, { TERRAFORM_BINARY_NAME: "tofu" })).resolves.toEqual([{ name: "tofu", path: join(bin, "tofu"), version: "1.12.6" }]);
  });

  test("a TERRAFORM_BINARY_NAME that is not an engine is an error, not a fallback", async () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    writeScript(join(bin, "pretender"), "echo 'Pretender v1.0.0'\n");

    await expect(find(false, { TERRAFORM_BINARY_NAME: "pretender" })).rejects.toThrow("TERRAFORM_BINARY_NAME=pretender is not a Terraform or OpenTofu executable");
    await expect(find(false, { TERRAFORM_BINARY_NAME: "absent" })).rejects.toThrow("TERRAFORM_BINARY_NAME=absent");
  });

  test("terraform and tofu on PATH are both used, terraform first, ahead of the cache", async () => {
    writeFakeEngine(join(bin, "tofu"), "OpenTofu", "1.11.0");
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    writeFakeEngine(cachedTofu(), "OpenTofu", OPENTOFU_VERSION);

    await expect(find(true)).resolves.toEqual([
      { name: "terraform", path: join(bin, "terraform"), version: "1.11.4" },
      { name: "tofu", path: join(bin, "tofu"), version: "1.11.0" },
    ]);
  });

  test("the cached OpenTofu build joins Terraform from PATH", async () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    writeFakeEngine(cachedTofu(), "OpenTofu", OPENTOFU_VERSION);

    await expect(find(false)).resolves.toEqual([
      { name: "terraform", path: join(bin, "terraform"), version: "1.11.4" },
      { name: "tofu", path: cachedTofu(), version: OPENTOFU_VERSION },
    ]);
  });

  test("the cache alone is enough", async () => {
    writeFakeEngine(cachedTofu(), "OpenTofu", OPENTOFU_VERSION);

    await expect(find(false)).resolves.toEqual([{ name: "tofu", path: cachedTofu(), version: OPENTOFU_VERSION }]);
  });

  test("an executable named terraform that is OpenTofu counts as tofu, once", async () => {
    writeFakeEngine(join(bin, "terraform"), "OpenTofu", "1.12.6");
    writeFakeEngine(cachedTofu(), "OpenTofu", OPENTOFU_VERSION);

    await expect(find(true)).resolves.toEqual([{ name: "tofu", path: join(bin, "terraform"), version: "1.12.6" }]);
  });

  test("files on PATH that are not executable are passed over", async () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4", 0o644);
    writeFakeEngine(join(bin, "tofu"), "OpenTofu", "1.12.6");

    await expect(find(false)).resolves.toEqual([{ name: "tofu", path: join(bin, "tofu"), version: "1.12.6" }]);
  });

  test("without build, Terraform alone is enough and nothing is built", async () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    const argsLog = installFakeGo();

    await expect(find(false)).resolves.toEqual([{ name: "terraform", path: join(bin, "terraform"), version: "1.11.4" }]);
    expect(existsSync(argsLog)).toBe(false);
    expect(progress).toEqual([]);
  });

  test("a cached build of another version is not used", async () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    writeFakeEngine(cachedTofu(), "OpenTofu", "1.12.5");

    await expect(find(false)).resolves.toEqual([{ name: "terraform", path: join(bin, "terraform"), version: "1.11.4" }]);
  });
});

describe("building OpenTofu", () => {
  test("happens when no engine is found, into the cache, from a writable copy of the module", async () => {
    const argsLog = installFakeGo();

    await expect(find(false)).resolves.toEqual([{ name: "tofu", path: cachedTofu(), version: OPENTOFU_VERSION }]);

    const goBuild = readFileSync(argsLog, "utf8");
    expect(goBuild).toContain("-trimpath");
    expect(goBuild).toContain("-ldflags=-s -w -X github.com/opentofu/opentofu/version.dev=no");
    expect(goBuild).toMatch(/ \.\/cmd\/tofu\n$/);
    expect(readdirSync(join(cachedTofu(), ".."))).toEqual(["tofu"]);
    expect(progress[0]).toBe(`building OpenTofu v${OPENTOFU_VERSION} from github.com/opentofu/opentofu into ${cachedTofu()} (first time only: takes minutes)`);
    expect(progress.at(-1)).toMatch(new RegExp(`^built OpenTofu v${OPENTOFU_VERSION.replace(/\./g, "\\.")} in \\d+s$`));
  });

  test("happens with build even though Terraform is found, so both engines are covered", async () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    installFakeGo();

    await expect(find(true)).resolves.toEqual([
      { name: "terraform", path: join(bin, "terraform"), version: "1.11.4" },
      { name: "tofu", path: cachedTofu(), version: OPENTOFU_VERSION },
    ]);
  });

  test("replaces a cached build of another version", async () => {
    writeFakeEngine(cachedTofu(), "OpenTofu", "1.12.5");
    installFakeGo();

    await expect(find(false)).resolves.toEqual([{ name: "tofu", path: cachedTofu(), version: OPENTOFU_VERSION }]);
  });

  test("reports go's own output when the build fails, and leaves nothing in the cache", async () => {
    installFakeGo({ buildFailure: "cmd/tofu/main.go:12:3: undefined: somethingMissing" });

    const failure = find(false);

    await expect(failure).rejects.toThrow(/go build .* exited 1:\ncmd\/tofu\/main\.go:12:3: undefined: somethingMissing/);
    expect(existsSync(join(cachedTofu(), ".."))).toBe(true);
    expect(readdirSync(join(cachedTofu(), ".."))).toEqual([]);
  });

  test("rejects a binary that does not report the pinned version", async () => {
    installFakeGo({ tofuVersion: "1.0.0" });

    await expect(find(false)).rejects.toThrow(`the built binary reports tofu 1.0.0, expected tofu ${OPENTOFU_VERSION}`);
    expect(readdirSync(join(cachedTofu(), ".."))).toEqual([]);
  });

  test("needs Go when no engine is found", async () => {
    await expect(find(false)).rejects.toThrow(`cannot build OpenTofu v${OPENTOFU_VERSION}: no go on PATH (install terraform, tofu or go)`);
  });
});

describe("command line", () => {
  function runCli(args: string[], env: NodeJS.ProcessEnv) {
    return spawnSync(process.execPath, [ENGINE_SCRIPT, ...args], { env, encoding: "utf8", timeout: 20_000 });
  }

  test("--json prints the engines", () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");
    writeFakeEngine(cachedTofu(), "OpenTofu", OPENTOFU_VERSION);

    const run = runCli(["--json"], testEnv());

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { name: "terraform", path: join(bin, "terraform"), version: "1.11.4" },
      { name: "tofu", path: cachedTofu(), version: OPENTOFU_VERSION },
    ]);
  });

  test("prints one engine a line without --json, and refuses unknown arguments", () => {
    writeFakeEngine(join(bin, "terraform"), "Terraform", "1.11.4");

    expect(runCli([], testEnv()).stdout).toBe(`terraform 1.11.4 ${join(bin, "terraform")}\n`);
    const refused = runCli(["--fast"], testEnv());
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("usage: node scripts/engine.mjs [--build] [--json]");
  });
});
