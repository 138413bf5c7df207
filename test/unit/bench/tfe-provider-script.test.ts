import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import {
  cachedTfeProviderPath,
  findOrBuildTfeProvider,
  findTfeProvider,
  installTfeProviderMirror,
  peersDir,
  prepareTfeProviderForTests,
  TFE_PROVIDER_ARCHIVE,
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
  rmSync(root, { recursive: true, force: true });
});

function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: `${bin}:/usr/bin:/bin`, TOKENHOOKS_CACHE_DIR: join(root, "cache"), TOKENHOOKS_PEERS_DIR: join(root, "peers"), ...extra };
}

const record = (line: string) => progress.push(line);
const goLog = () => join(root, "go.log");

/** The peers directory with a source archive holding `go.mod` and `main.go`, as ../shared/peers has. */
function writeSourceArchive(): void {
  const source = join(root, "source");
  writeScript(join(source, "go.mod"), `module ${TFE_PROVIDER_MODULE}\n`, 0o644);
  writeScript(join(source, "main.go"), "package main\n", 0o644);
  mkdirSync(join(root, "peers"));
  const packed = spawnSync("tar", ["-czf", join(root, "peers", TFE_PROVIDER_ARCHIVE), "-C", source, "."]);
  expect(packed.status).toBe(0);
}

/**
 * A fake `go`: `build -o OUT .` must run in the unpacked archive with the module proxy allowed to
 * fill in go.sum (`GOFLAGS=-mod=mod`), and writes OUT from `plugin`, or fails with `buildFailure`.
 * Every call is logged.
 */
function installFakeGo(options: { buildFailure?: string; plugin?: string }): void {
  const pluginSource = join(root, "plugin-source.sh");
  writeScript(pluginSource, options.plugin ?? FAKE_PLUGIN);
  const build = options.buildFailure
    ? `echo '${options.buildFailure}' >&2; exit 1`
    : `[ -f go.mod ] && [ -f main.go ] && [ "$GOFLAGS" = -mod=mod ] || { echo 'not in the unpacked source' >&2; exit 3; }
    out=
    while [ $# -gt 0 ]; do
      if [ "$1" = -o ]; then out=$2; fi
      shift
    done
    /bin/cp '${pluginSource}' "$out"`;
  writeScript(
    join(bin, "go"),
    `echo "$* CGO_ENABLED=$CGO_ENABLED" >> '${goLog()}'
case "$1" in
  build)
    ${build} ;;
esac
`,
  );
}

describe("finding and building terraform-provider-tfe", () => {
  test("without build, a missing provider is undefined and nothing runs go", async () => {
    installFakeGo({});
    writeSourceArchive();
    expect(findTfeProvider(testEnv())).toBeUndefined();
    await expect(findOrBuildTfeProvider({ build: false, env: testEnv(), progress: record })).resolves.toBeUndefined();
    expect(existsSync(goLog())).toBe(false);
  });

  test("go build in the unpacked source archive, checked by its handshake, then moved into the cache", async () => {
    installFakeGo({});
    writeSourceArchive();
    const built = await findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record });
    const target = cachedTfeProviderPath(testEnv());
    expect(built).toMatchObject({ path: target, version: TFE_PROVIDER_VERSION });
    expect(target).toBe(join(root, "cache", `terraform-provider-tfe-${TFE_PROVIDER_VERSION}`, `terraform-provider-tfe_v${TFE_PROVIDER_VERSION}`));
    expect(readdirSync(dirname(target))).toEqual([`terraform-provider-tfe_v${TFE_PROVIDER_VERSION}`]);
    expect(readFileSync(goLog(), "utf8").trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^build -v -trimpath -ldflags=-s -w -o ${target}\\.\\d+\\.partial \\. CGO_ENABLED=0$`)),
    ]);
    expect(progress[0]).toContain(join(root, "peers", TFE_PROVIDER_ARCHIVE));
    expect(progress.at(-1)).toMatch(/^built terraform-provider-tfe v0\.71\.0 in \d+s$/);
    // Found from now on, without building again.
    expect(findTfeProvider(testEnv())).toEqual({ path: target, version: TFE_PROVIDER_VERSION });
  });

  test("the peers directory defaults to shared/peers beside the repository", () => {
    expect(peersDir({})).toBe(resolve(__dirname, "..", "..", "..", "..", "shared", "peers"));
  });

  test("a missing source archive is named in the error", async () => {
    installFakeGo({});
    await expect(findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record })).rejects.toThrow(
      `its source archive ${join(root, "peers", TFE_PROVIDER_ARCHIVE)} is missing`,
    );
  });

  test("a go failure is reported with go's words and leaves nothing in the cache", async () => {
    installFakeGo({ buildFailure: "reading github.com/x: 403 Forbidden" });
    writeSourceArchive();
    await expect(findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record })).rejects.toThrow(/go build .* exited 1:\nreading github\.com\/x: 403 Forbidden/);
    expect(readdirSync(dirname(cachedTfeProviderPath(testEnv())))).toEqual([]);
  });

  test("a binary that does not answer the plugin handshake is not cached", async () => {
    installFakeGo({ plugin: "echo 'hello, not a plugin'\nexec /bin/sleep 30\n" });
    writeSourceArchive();
    await expect(findOrBuildTfeProvider({ build: true, env: testEnv(), progress: record })).rejects.toThrow("printed no go-plugin handshake line but: hello, not a plugin");
    expect(readdirSync(dirname(cachedTfeProviderPath(testEnv())))).toEqual([]);
  });

  test("needs go to build", async () => {
    writeSourceArchive();
    await expect(findOrBuildTfeProvider({ build: true, env: { ...testEnv(), PATH: bin }, progress: record })).rejects.toThrow("cannot build terraform-provider-tfe v0.71.0: no go on PATH");
  });
});

describe("preparing the provider for the tests", () => {
  test("builds it when it is missing, whether in CI or not", async () => {
    installFakeGo({});
    writeSourceArchive();
    await expect(prepareTfeProviderForTests({ env: testEnv(), progress: record })).resolves.toMatchObject({ version: TFE_PROVIDER_VERSION });
    expect(readFileSync(goLog(), "utf8").trim().split("\n")).toHaveLength(1);
    await expect(prepareTfeProviderForTests({ env: testEnv({ CI: "true" }), progress: record })).resolves.toMatchObject({ version: TFE_PROVIDER_VERSION });
    expect(readFileSync(goLog(), "utf8").trim().split("\n")).toHaveLength(1);
  });

  test("a failed build rejects with go's words, so the run fails instead of skipping", async () => {
    installFakeGo({ buildFailure: "reading github.com/x: 403 Forbidden" });
    writeSourceArchive();
    await expect(prepareTfeProviderForTests({ env: testEnv({ CI: "true" }), progress: record })).rejects.toThrow(/403 Forbidden/);
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

  test("gives the plugin real pipes as its stdout and stderr, as a Go host does, not socket pairs", async () => {
    const plugin = join(root, "plugin");
    writeScript(plugin, `[ -p /dev/stdout ] && [ -p /dev/stderr ] && [ ! -S /dev/stdout ] || { echo 'not pipes' >&2; exit 3; }\n${FAKE_PLUGIN}`);
    await expect(timePluginHandshake(plugin, { env: testEnv() })).resolves.toMatchObject({ line: expect.stringMatching(/^1\|6\|unix\|/) });
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
