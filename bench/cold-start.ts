import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timePluginHandshake } from "../scripts/tfe-provider.mjs";
import { createSelfSignedCertificate } from "../src/tls/self-signed-cert";

/** A plugin executable to time, by label. */
export interface PluginUnderTest {
  readonly label: string;
  readonly executable: string;
}

/**
 * Milliseconds from exec to the go-plugin handshake line, `runs` times per plugin, after one
 * untimed warm-up each (page cache). Runs alternate between the plugins so that load from
 * others on a shared machine falls on both alike. Every start gets the engine's environment,
 * including a client certificate, so both plugins set up mTLS as they do under an engine.
 */
export async function measureColdStarts(plugins: readonly PluginUnderTest[], runs: number): Promise<Map<string, number[]>> {
  const clientCert = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], isCA: true }).certPem;
  const start = (plugin: PluginUnderTest) => timePluginHandshake(plugin.executable, { extraEnv: { PLUGIN_CLIENT_CERT: clientCert } });
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
