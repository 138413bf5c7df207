import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  cachedTfeProviderPath,
  findOrBuildTfeProvider,
  findTfeProvider,
  installTfeProviderMirror,
  prepareTfeProviderForTests,
  TFE_PROVIDER_MODULE,
  TFE_PROVIDER_VERSION,
  timePluginHandshake,
} from "../../../scripts/tfe-provider.mjs";
import { writeScript } from "../scripts/fixtures/fake-executables";

/** A plugin that answers like a go-plugin server, but only when started with the engine's magic cookie. */
const FAKE_PLUGIN = `[ -n "$TF_PLUGIN_MAGIC_COOKIE" ] || { echo 'This binary is a plugin.' >&2; exit 1; }
echo "1|6|unix|$TMPDIR/plugin.sock|grpc|"
exec /bin/sleep 30
`;

let root: string;
let bin: string;
let progress: string[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "tfe-provider-script-"));
  bin = join(root, "bin");
  mkdirSync(bin);
  progress = [];
});

afterEach(() => {
  // The fake module cache is read-only, as Go's is.
  spawnSync("/bin/chmod", ["-R", "u+w", root]);
  rmSync(root, { recursive: true, force: true });
});

function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: bin, TOKENHOOKS_CACHE_DIR: join(root, "cache"), ...extra };
}

const record = (line: string) => progress.push(line);
const goLog = () => join(root, "go.log");

/**
 * A fake `go`. `install` writes `$GOBIN/terraform-provider-tfe` from `plugin`, or fails with
 * `installFailure`; `mod download -json` reports a read-only module directory; `build -o OUT`
 * must run in a writable copy of it and writes OUT from `plugin`. Every call is logged.
 */
function installFakeGo(options: { installFailure?: string; plugin?: string }): void {
  const moduleDir = join(root, "gomodcache", `terraform-provider-tfe@v${TFE_PROVIDER_VERSION}`);
  writeScript(join(moduleDir, "main.go"), "package main\n", 0o444);
  chmodSync(moduleDir, 0o555);
  const pluginSource = join(root, "plugin-source.sh");
  writeScript(pluginSource, options.plugin ?? FAKE_PLUGIN);
  const install = options.installFailure ? `echo '${options.installFailure}' >&2; exit 1` : `/bin/cp '${pluginSource}' "$GOBIN/terraform-provider-tfe"`;
  writeScript(
    join(bin, "go"),
    `echo "$* GOBIN=$GOBIN CGO_ENABLED=$CGO_ENABLED" >> '${goLog()}'
case "$1" in
  install) ${install} ;;
  mod) printf '{"Path":"${TFE_PROVIDER_MODULE}","Version":"v${TFE_PROVIDER_VERSION}","Dir":"${moduleDir}"}\\n' ;;
  build)
    [ -w . ] && [ -f main.go ] || { echo 'not in a writable copy of the module' >&2; exit 3; }
    out=
    while [ $# -gt 0 ]; do
      if [ "$1" = -o ]; then out=$2; fi
      shift
    done
    /bin/cp '${pluginSource}' "$out" ;;
esac
`,
  );
}

describe("finding and building terraform-provider-tfe", () => {
  test("without build, a missing provider is undefined and nothing runs go", async () => {
    installFakeGo({});
    expect(findTfeProvider(testEnv())).toBeUndefined();
    await expect(findOrBuildTfeProvider({ build: false, env: testEnv(), progress: record })).resolves.toBeUndefined();
    expect(existsSync(goLog())).toBe(false);
  });

  test("go install into a staging GOBIN, checked by its handshake, then moved into the cache", async () => {
    installFakeGo({});
    const built = await findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record });
    const target = cachedTfeProviderPath(testEnv());
    expect(built).toMatchObject({ path: target, version: TFE_PROVIDER_VERSION });
    expect(target).toBe(join(root, "cache", `terraform-provider-tfe-${TFE_PROVIDER_VERSION}`, `terraform-provider-tfe_v${TFE_PROVIDER_VERSION}`));
    expect(readdirSync(dirname(target))).toEqual([`terraform-provider-tfe_v${TFE_PROVIDER_VERSION}`]);
    const [install] = readFileSync(goLog(), "utf8").trim().split("\n");
    expect(install).toMatch(new RegExp(`^install -v -trimpath -ldflags=-s -w ${TFE_PROVIDER_MODULE}@v${TFE_PROVIDER_VERSION} GOBIN=${target}\\.partial-\\w+ CGO_ENABLED=0$`));
    expect(progress.at(-1)).toMatch(/^built terraform-provider-tfe v0\.71\.0 in \d+s$/);
    // Found from now on, without building again.
    expect(findTfeProvider(testEnv())).toEqual({ path: target, version: TFE_PROVIDER_VERSION });
  });

  test("when go install refuses the module's replace directives, builds a writable copy of its source", async () => {
    installFakeGo({ installFailure: "go: The go.mod file for the module providing named packages contains one or more replace directives." });
    const built = await findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record });
    expect(built?.path).toBe(cachedTfeProviderPath(testEnv()));
    const calls = readFileSync(goLog(), "utf8").trim().split("\n");
    expect(calls.map((call) => call.split(" ")[0])).toEqual(["install", "mod", "build"]);
    expect(calls[2]).toMatch(/^build -v -trimpath -ldflags=-s -w -o \S+ \. /);
    expect(progress).toContain("  go install refuses the module (replace directives): building a copy of its source");
  });

  test("any other go failure is reported with go's words and leaves nothing in the cache", async () => {
    installFakeGo({ installFailure: "reading the module: 403 Forbidden" });
    await expect(findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record })).rejects.toThrow(/go install .* exited 1:\nreading the module: 403 Forbidden/);
    expect(readdirSync(dirname(cachedTfeProviderPath(testEnv())))).toEqual([]);
  });

  test("a binary that does not answer the plugin handshake is not cached", async () => {
    installFakeGo({ plugin: "echo 'hello, not a plugin'\nexec /bin/sleep 30\n" });
    await expect(findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record })).rejects.toThrow("printed no go-plugin handshake line but: hello, not a plugin");
    expect(readdirSync(dirname(cachedTfeProviderPath(testEnv())))).toEqual([]);
  });

  test("needs go to build", async () => {
    await expect(findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record })).rejects.toThrow("cannot build terraform-provider-tfe v0.71.0: no go on PATH");
  });
});

describe("preparing the provider for the tests", () => {
  test("builds only in CI or with TOKENHOOKS_BUILD_TFE=1", async () => {
    installFakeGo({});
    await expect(prepareTfeProviderForTests({ env: testEnv(), progress: record })).resolves.toBeUndefined();
    await expect(prepareTfeProviderForTests({ env: testEnv({ CI: "false", TOKENHOOKS_BUILD_TFE: "0" }), progress: record })).resolves.toBeUndefined();
    expect(existsSync(goLog())).toBe(false);
    await expect(prepareTfeProviderForTests({ env: testEnv({ CI: "true" }), progress: record })).resolves.toMatchObject({ version: TFE_PROVIDER_VERSION });
  });

  test("a failed build is reported and yields undefined, so the tests that need it skip", async () => {
    installFakeGo({ installFailure: "reading the module: 403 Forbidden" });
    await expect(prepareTfeProviderForTests({ env: testEnv({ TOKENHOOKS_BUILD_TFE: "1" }), progress: record })).resolves.toBeUndefined();
    expect(progress.at(-1)).toMatch(/^terraform-provider-tfe v0\.71\.0 is unavailable; the tests that need it will skip:\n.*403 Forbidden/s);
  });
});

describe("the implied local mirror", () => {
  test("holds the provider under both registry hosts, executable", () => {
    const source = join(root, "terraform-provider-tfe");
    writeScript(source, FAKE_PLUGIN, 0o700);
    const installed = installTfeProviderMirror({ path: source, version: "0.71.0" }, join(root, "plugins"), "linux_amd64");
    expect(installed).toEqual(
      ["registry.terraform.io", "registry.opentofu.org"].map((host) => join(root, "plugins", host, "hashicorp", "tfe", "0.71.0", "linux_amd64", "terraform-provider-tfe_v0.71.0")),
    );
    for (const path of installed) {
      expect(readFileSync(path, "utf8")).toBe(readFileSync(source, "utf8"));
      expect(statSync(path).mode & 0o777).toBe(0o755);
    }
  });
});

describe("timePluginHandshake", () => {
  test("starts the plugin with the engine's environment and times its handshake line", async () => {
    const plugin = join(root, "plugin");
    writeScript(plugin, FAKE_PLUGIN);
    const { line, elapsedMs } = await timePluginHandshake(plugin, { env: testEnv() });
    expect(line).toMatch(/^1\|6\|unix\|\/\S+\/plugin\.sock\|grpc\|$/);
    expect(elapsedMs).toBeGreaterThan(0);
  });

  test("reports a plugin that exits first, with its stderr", async () => {
    const plugin = join(root, "plugin");
    writeScript(plugin, "echo 'panic: no config' >&2\nexit 2\n");
    await expect(timePluginHandshake(plugin, { env: testEnv() })).rejects.toThrow(`${plugin} exited 2 before its handshake line:\npanic: no config`);
  });

  test("gives up on a silent plugin after the timeout", async () => {
    const plugin = join(root, "plugin");
    writeScript(plugin, "exec /bin/sleep 30\n");
    await expect(timePluginHandshake(plugin, { env: testEnv(), timeoutMs: 200 })).rejects.toThrow(`${plugin} printed no handshake line within 200 ms`);
  });
});
