import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PLUGIN_HANDSHAKE_ENV, timePluginHandshake } from "../scripts/tfe-provider.mjs";
import { createSelfSignedCertificate } from "../src/tls/self-signed-cert";
import { serverFilesFor } from "../src/plugin/warm/start-server";
import { findProcesses } from "./memory";
import { privateRuntimeDir, waitFor, warmServerProcess } from "./warm-server";

const SERVER_GONE_TIMEOUT_MS = 15_000;

/** A plugin executable to time, by label. */
export interface PluginUnderTest {
  readonly label: string;
  readonly executable: string;
  /** Variables for one start, added to the engine's environment; asked anew, and awaited, before every start (untimed). */
  readonly startEnv?: () => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
}

/**
 * Milliseconds from exec to the go-plugin handshake line, `runs` times per plugin, after one
 * untimed warm-up each (page cache). Runs alternate between the plugins so that load from
 * others on a shared machine falls on all alike. Every start gets the engine's environment,
 * including a client certificate, so every plugin sets up mTLS as it does under an engine, and
 * real pipes as its stdout and stderr (see timePluginHandshake).
 */
export async function measureColdStarts(plugins: readonly PluginUnderTest[], runs: number): Promise<Map<string, number[]>> {
  const clientCert = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], isCA: true }).certPem;
  const start = async (plugin: PluginUnderTest) => timePluginHandshake(plugin.executable, { extraEnv: { PLUGIN_CLIENT_CERT: clientCert, ...(await plugin.startEnv?.()) } });
  const samples = new Map(plugins.map((plugin) => [plugin.label, [] as number[]]));
  for (const plugin of plugins) await start(plugin);
  for (let run = 0; run < runs; run++) {
    for (const plugin of plugins) samples.get(plugin.label)!.push((await start(plugin)).elapsedMs);
  }
  return samples;
}

/**
 * The floor under any Node.js plugin's cold start: a script that does nothing but print a
 * handshake-shaped line, started the same way. Written to a temporary directory.
 */
export function bareNodeFloor(): PluginUnderTest {
  const executable = join(mkdtempSync(join(tmpdir(), "tokenhooks-bench-floor-")), "bare-node");
  writeFileSync(executable, `#!${process.execPath}\nprocess.stdout.write("1|6|unix|/nonexistent|grpc|\\n");\n`);
  chmodSync(executable, 0o755);
  return { label: "bare node (floor)", executable };
}

/**
 * Our plugin as the first launch of a build meets it: no warm server runs, so it serves the launch
 * itself. Every start gets a fresh, empty `XDG_RUNTIME_DIR` under one directory, removed by
 * `dispose`; the server a start may leave behind idles out after a second.
 */
export function firstLaunches(label: string, executable: string): PluginUnderTest & { dispose(): void } {
  const parent = privateRuntimeDir("first-launch");
  return {
    label,
    executable,
    startEnv: () => ({ XDG_RUNTIME_DIR: mkdtempSync(join(parent, "start-")), TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS: "1" }),
    dispose: () => rmSync(parent, { recursive: true, force: true }),
  };
}

/**
 * Our plugin's first launch after its server idled out: no server runs, but the build's directory
 * keeps what earlier launches left there (V8's code cache). Before every start it waits until the
 * server the previous start may have left has gone (idle: 1 s). A timed start is killed right after
 * its handshake, before it has written the code cache, so one untimed launch that lives until the
 * cache is there seeds it first, as an engine's first launch of the build would.
 */
export function idledOutLaunches(label: string, executable: string): PluginUnderTest & { hasCodeCache(): boolean; dispose(): void } {
  const runtimeDir = privateRuntimeDir("idled-out");
  const env = { XDG_RUNTIME_DIR: runtimeDir, TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS: "1" };
  const files = serverFilesFor(executable, { ...process.env, ...env });
  if (files === undefined) throw new Error(`${executable} has no launcher, so it has no warm server to idle out`);
  const server = [warmServerProcess(files.plugin, files.dir)];
  const codeCache = join(files.dir, "code-cache");
  return {
    label,
    executable,
    startEnv: async () => {
      if (!existsSync(codeCache)) await seedCodeCache(executable, env, codeCache);
      await waitFor(() => findProcesses(server).length === 0, SERVER_GONE_TIMEOUT_MS, `the warm server in ${files.dir} to idle out`);
      return env;
    },
    hasCodeCache: () => existsSync(codeCache),
    dispose: () => rmSync(runtimeDir, { recursive: true, force: true }),
  };
}

/** Launches `executable` as an engine would (its outputs not sockets) and ends it once `codeCache` exists. */
async function seedCodeCache(executable: string, env: Readonly<Record<string, string>>, codeCache: string): Promise<void> {
  const child = spawn(executable, [], { env: { ...process.env, ...PLUGIN_HANDSHAKE_ENV, ...env }, stdio: "ignore" });
  try {
    await waitFor(() => existsSync(codeCache), SERVER_GONE_TIMEOUT_MS, `${executable} to write its code cache ${codeCache}`);
  } finally {
    child.kill("SIGKILL");
  }
}

/** A plugin served in-process, as before the warm server (`TOKENHOOKS_PLUGIN_SERVER=0`). */
export function inProcess(label: string, executable: string): PluginUnderTest {
  return { label, executable, startEnv: () => ({ TOKENHOOKS_PLUGIN_SERVER: "0" }) };
}
