import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countReadySpares } from "../../bench/warm-server";
import { withLauncher } from "../../scripts/plugin-launcher.mjs";
import { ensurePrivateDirectory } from "../../src/plugin/warm/server-files";
import { isRunning, processStat } from "../../src/plugin/warm/proc";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../src/plugin/protocol/serve";
import { until } from "../support/processes";
import { PLUGIN_PATH } from "../support/tokenhooks-workdir";
import { createSelfSignedCertificate } from "../../src/tls/self-signed-cert";
import { HANDSHAKE, HANDSHAKE_WITH_CERTIFICATE, killQuietly, launchPlugin, WarmServerSandbox, type DirectLaunch, type ServerRecord } from "../support/warm-server";

/**
 * Issue #13, the warm plugin server, driven as an engine drives the plugin (stdout and stderr
 * real pipes) in a runtime directory of each test's own: who serves a launch, what one launch can
 * see of another, who can reach the server, and how a server is replaced and ends.
 */

const uid = process.getuid!();
let sandbox: WarmServerSandbox;
beforeEach(() => {
  sandbox = WarmServerSandbox.create("tokenhooks-warm");
});
afterEach(() => sandbox.dispose());

/** A launch served in-process, which starts the sandbox's server; resolves once that server is up. */
async function startServer(env: Readonly<Record<string, string>> = {}): Promise<ServerRecord> {
  const first = launchPlugin(sandbox.env(env));
  expect(await first.handshake).toMatch(HANDSHAKE);
  const record = await sandbox.untilServing();
  killQuietly(first.pid);
  await first.exited;
  expect(sandbox.log()).not.toContain(`serving launcher ${first.pid}`);
  return record;
}

/** A launch the server serves: its handshake, and the server's log line naming it. */
async function servedLaunch(server: number, env: Readonly<Record<string, string>> = {}, handshake = HANDSHAKE): Promise<DirectLaunch> {
  const launch = launchPlugin(sandbox.env(env));
  expect(await launch.handshake).toMatch(handshake);
  expect(sandbox.serversOf([launch.pid]).get(launch.pid)).toBe(server);
  return launch;
}

/** Kills a served launcher and waits for its server to see the launch end. */
async function endLaunch(launch: DirectLaunch): Promise<void> {
  killQuietly(launch.pid);
  expect(await launch.exited).toBe(137);
  await sandbox.untilLogged(new RegExp(` launcher ${launch.pid} ended with \\d+$`));
}

describe("the warm plugin server", () => {
  test("the first launch is served in-process and starts a server; the next launch is served by it", async () => {
    const server = await startServer();
    expect(sandbox.log()).toContain(`${server.pid} serving ${sandbox.files.dir}`);
    expect(server.key).toMatch(/^[0-9a-f]{64}$/);
    expect(server.startTime).toBe(processStat(server.pid)?.startTime);
    const second = await servedLaunch(server.pid);
    const third = await servedLaunch(server.pid);
    await endLaunch(second);
    await endLaunch(third);
    expect(sandbox.serverPids()).toEqual([server.pid]);
  });

  test("between launches the server keeps three workers loaded, loading one at a time; a launch that runs on lets all but one go", async () => {
    const server = await startServer();
    const readySpares = () => countReadySpares(sandbox.log());
    const settlesAt = async (count: number) => {
      await until(() => readySpares() >= count, `${count} spares ready`, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(readySpares()).toBe(count);
    };
    await settlesAt(3);
    // A launch that runs on takes a loaded worker, and the spares beyond one go.
    const first = await servedLaunch(server.pid);
    await sandbox.untilLogged(/ let 1 spare go$/);
    // The next launch takes the one left, loaded too; one loads beside them for the launch after.
    const second = await servedLaunch(server.pid);
    await settlesAt(4);
    expect(sandbox.log()).not.toMatch(/ launcher \d+ waits for its worker to load$/m);
    // Between launches, three again: the one loaded meanwhile and two more.
    await endLaunch(first);
    await endLaunch(second);
    await settlesAt(6);
  });

  test("the server started by a launch keeps none of that launch's environment: only where it lives, how it idles and logs, and its malloc setting", async () => {
    const server = await startServer({ TFE_TOKEN: "server-env-probe-credential", INFISICAL_CLIENT_SECRET: "server-env-probe-credential", TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS: "30" });
    const environ = readFileSync(`/proc/${server.pid}/environ`, "utf8");
    expect(environ).not.toContain("server-env-probe-credential");
    const names = environ.split("\0").filter(Boolean).map((entry) => entry.slice(0, entry.indexOf("=")));
    expect(new Set(names)).toEqual(new Set(["PATH", "XDG_RUNTIME_DIR", "TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS", "TOKENHOOKS_PLUGIN_SERVER_LOG", "MALLOC_ARENA_MAX"]));
  });

  test("a variable set for one of two concurrent launches is not seen by the other", async () => {
    const server = await startServer();
    // The engine's client certificate turns AutoMTLS on: the handshake then carries the plugin's.
    const clientCertificate = createSelfSignedCertificate({ commonName: "engine", isCA: true }).certPem;
    const launches = await Promise.all(
      ["with", "without", "with", "without"].map((certificate) => servedLaunch(server.pid, certificate === "with" ? { PLUGIN_CLIENT_CERT: clientCertificate } : {}, certificate === "with" ? HANDSHAKE_WITH_CERTIFICATE : HANDSHAKE)),
    );
    await Promise.all(launches.map(endLaunch));
  });

  describe("a process without the secret cannot reach the server", () => {
    /**
     * Does what the launcher does with a request line of its own making: `$$` in `request` is the
     * requester's pid. Resolves with the first answer line, or `undefined` when none came.
     */
    function request(request: string, answerWithinMs = 3_000): { pid: number; answer: Promise<string | undefined> } {
      const script = `reply="$1/reply.$$"; mkfifo -m 600 "$reply" && exec 3<>"$reply" && printf '%s\\n' "${request}" > "$1/launch"; read -r answer <&3; echo "$answer"`;
      const child = spawn("sh", ["-c", script, "sh", sandbox.files.dir], { stdio: ["ignore", "pipe", "inherit"] });
      const timer = setTimeout(() => child.kill("SIGKILL"), answerWithinMs);
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
      const answer = new Promise<string | undefined>((resolve) =>
        child.once("close", () => {
          clearTimeout(timer);
          resolve(out === "" ? undefined : out.trim());
        }),
      );
      return { pid: child.pid!, answer };
    }

    test("a wrong key is declined, with nothing served", async () => {
      const server = await startServer();
      const wrong = request(`$$ $PPID ${"0".repeat(64)} $reply`);
      expect(await wrong.answer).toBe("declined");
      expect(sandbox.log()).toContain(`declined launcher ${wrong.pid}: wrong key`);
      expect(sandbox.log()).not.toContain(`serving launcher ${wrong.pid}`);
      await endLaunch(await servedLaunch(server.pid));
    });

    test("a request naming a reply outside the build's directory, another user's process or nothing valid is ignored", async () => {
      const server = await startServer();
      const outside = join(mkdtempSync(join(tmpdir(), "tokenhooks-outside-")), "reply");
      writeFileSync(outside, "");
      const elsewhere = request(`$$ $PPID ${server.key} ${outside}`);
      await sandbox.untilLogged(new RegExp(`ignored a request for pid ${elsewhere.pid}$`));
      expect(await elsewhere.answer).toBeUndefined();
      // The server never opened it.
      expect(readFileSync(outside, "utf8")).toBe("");
      rmSync(join(outside, ".."), { recursive: true, force: true });

      // As root, a process of another user is made; otherwise init's, which is not ours.
      const foreign = uid === 0 ? spawn("sleep", ["30"], { uid: 65534, gid: 65534, stdio: "ignore" }) : undefined;
      const foreignPid = foreign?.pid ?? 1;
      try {
        expect(statSync(`/proc/${foreignPid}`).uid).not.toBe(uid);
        const impostor = request(`${foreignPid} 1 ${server.key} ${sandbox.files.dir}/reply.${foreignPid}`);
        await sandbox.untilLogged(new RegExp(`ignored a request for pid ${foreignPid}$`));
        expect(await impostor.answer).toBeUndefined();
      } finally {
        foreign?.kill("SIGKILL");
      }

      const malformed = request(`$$ ${server.key}`);
      await sandbox.untilLogged(/ignored a malformed request: "\d+ <hex>"$/);
      expect(await malformed.answer).toBeUndefined();
      expect(sandbox.log()).not.toContain(server.key);
      expect(sandbox.log().match(/serving launcher/g) ?? []).toEqual([]);
      await endLaunch(await servedLaunch(server.pid));
    });

    test("the server's directory and files are private to the user; another OS user can neither read the key nor write a request", async () => {
      const server = await startServer();
      // Only the server's own directory guards it: the runtime directory is opened up.
      chmodSync(sandbox.runtimeDir, 0o755);
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect([mode(sandbox.files.root), mode(sandbox.files.dir)]).toEqual([0o700, 0o700]);
      expect([mode(sandbox.files.server), mode(sandbox.files.lock), mode(sandbox.files.launch)]).toEqual([0o600, 0o600, 0o600]);
      expect(statSync(sandbox.files.launch).isFIFO()).toBe(true);
      for (const path of [sandbox.files.root, sandbox.files.dir, sandbox.files.server, sandbox.files.launch]) expect(statSync(path).uid).toBe(uid);
      if (uid === 0) {
        const attempt = spawnSync("sh", ["-c", 'cat "$1"; echo "$$ x $2" > "$2"; ls "$3"', "sh", sandbox.files.server, sandbox.files.launch, sandbox.files.root], {
          uid: 65534,
          gid: 65534,
          encoding: "utf8",
          timeout: 10_000,
        });
        expect(attempt.stdout).toBe("");
        expect(attempt.stderr.match(/Permission denied/g)).toHaveLength(3);
        expect(attempt.stderr).not.toContain(server.key);
      }
      expect(sandbox.log()).not.toMatch(/ignored|declined/);
      await endLaunch(await servedLaunch(server.pid));
    });
  });

  describe("a stale server is replaced without the launch noticing", () => {
    async function deadPid(): Promise<number> {
      const child = spawn("true");
      await new Promise((resolve) => child.once("exit", resolve));
      return child.pid!;
    }

    test.each([
      ["a process that is gone", "dead"],
      ["a running process that is not the server (another start time)", "foreign"],
    ] as const)("when the server file names %s", async (_title, kind) => {
      const foreign = kind === "foreign" ? spawn("sleep", ["60"], { stdio: "ignore" }) : undefined;
      try {
        const stalePid = foreign?.pid ?? (await deadPid());
        const staleKey = "ab".repeat(32);
        ensurePrivateDirectory(sandbox.files.root, uid);
        ensurePrivateDirectory(sandbox.files.dir, uid);
        spawnSync("mkfifo", ["-m", "600", sandbox.files.launch]);
        writeFileSync(sandbox.files.server, `${stalePid} 1 ${staleKey}\n`, { mode: 0o600 });
        writeFileSync(sandbox.files.lock, `${stalePid} 1\n`, { mode: 0o600 });

        const server = await startServer();
        expect(server.pid).not.toBe(stalePid);
        expect(server.key).not.toBe(staleKey);
        expect(readFileSync(sandbox.files.lock, "utf8")).toBe(`${server.pid} ${server.startTime}\n`);
        expect(sandbox.log()).toContain(`${server.pid} serving ${sandbox.files.dir}`);
        await endLaunch(await servedLaunch(server.pid));
        expect(foreign === undefined || foreign.exitCode === null).toBe(true);
      } finally {
        foreign?.kill("SIGKILL");
      }
    });

    test("a server of another build (an older version) is left alone: the launch runs in-process and starts one of its build", async () => {
      const bundled = readFileSync(PLUGIN_PATH);
      const body = bundled.subarray(bundled.indexOf("\n*/\n") + 4);
      const olderPath = join(sandbox.runtimeDir, "older-build.js");
      writeFileSync(olderPath, withLauncher(Buffer.concat([body, Buffer.from("// an older build\n")])), { mode: 0o755 });
      const older = launchPlugin(sandbox.env(), olderPath);
      expect(await older.handshake).toMatch(HANDSHAKE);
      await until(() => sandbox.serverPids().length === 1, "the older build's server", 20_000);
      const [olderServer] = sandbox.serverPids();
      killQuietly(older.pid);

      const server = await startServer();
      expect(server.pid).not.toBe(olderServer);
      await endLaunch(await servedLaunch(server.pid));
      expect(sandbox.log()).not.toMatch(new RegExp(`^\\S+ ${olderServer} serving launcher`, "m"));
    });

    test("a server SIGKILLed between launches: the next launch is served in-process and starts a new server", async () => {
      const killed = await startServer();
      await endLaunch(await servedLaunch(killed.pid));
      process.kill(killed.pid, "SIGKILL");

      // At once, while the killed server may still be an unreaped zombie: the launcher must not take
      // it for a server and wait for an answer (up to its 10 s watchdog).
      const launched = Date.now();
      const next = launchPlugin(sandbox.env());
      expect(await next.handshake).toMatch(HANDSHAKE);
      expect(Date.now() - launched).toBeLessThan(8_000);
      const replacement = await sandbox.untilServing(killed.pid);
      expect(sandbox.log()).not.toContain(`serving launcher ${next.pid}`);
      killQuietly(next.pid);
      await endLaunch(await servedLaunch(replacement.pid));
      expect(sandbox.serverPids()).toEqual([replacement.pid]);
    });
  });

  test("a launch whose engine died before the server read its request ends, as it would in-process", async () => {
    const server = await startServer();
    // Held still, the server reads the request only after the "engine" (a shell that starts the
    // launcher and exits) is gone: by then the launcher's parent is init or a subreaper.
    process.kill(server.pid, "SIGSTOP");
    const outputs = mkdtempSync(join(tmpdir(), "tokenhooks-orphan-"));
    try {
      const [out, err, pidFile] = ["out", "err", "pid"].map((name) => join(outputs, name));
      const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...sandbox.env(), [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "6" };
      const engine = spawnSync("sh", ["-c", `"$0" >"$1" 2>"$2" </dev/null & echo $! >"$3"; sleep 0.5`, PLUGIN_PATH, out, err, pidFile], { env });
      expect(engine.status).toBe(0);
      const launcher = Number(readFileSync(pidFile, "utf8"));
      expect(processStat(launcher)?.ppid).not.toBe(engine.pid);
      process.kill(server.pid, "SIGCONT");
      await sandbox.untilLogged(new RegExp(`${server.pid} serving launcher ${launcher}$`));
      await sandbox.untilLogged(new RegExp(`${server.pid} launcher ${launcher} ended with 0$`), 10_000);
      await until(() => !isRunning(launcher), "the launcher to exit", 5_000);
      expect(readFileSync(out, "utf8").trim()).toMatch(HANDSHAKE);
    } finally {
      process.kill(server.pid, "SIGCONT");
      rmSync(outputs, { recursive: true, force: true });
    }
  });

  test("an idle server exits, removing its server, launch and lock files", async () => {
    const server = await startServer({ TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS: "1" });
    const launch = await servedLaunch(server.pid);
    await endLaunch(launch);
    const lastLaunchEnded = Date.now();
    await until(() => sandbox.serverPids().length === 0, "the idle server to exit", 10_000);
    expect(Date.now() - lastLaunchEnded).toBeLessThan(5_000);
    expect(sandbox.log()).toContain(`${server.pid} shutting down: idle`);
    for (const path of [sandbox.files.server, sandbox.files.launch, sandbox.files.lock]) expect(existsSync(path)).toBe(false);
  });
});
