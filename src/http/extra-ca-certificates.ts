import { readFileSync } from "node:fs";
import { createSecureContext, rootCertificates } from "node:tls";
import type { buildConnector as BuildConnector } from "undici";

/**
 * Trusts the certificates of the file `NODE_EXTRA_CA_CERTS` names in `env` for every request sent
 * through undici's global dispatcher, besides Node's bundled roots. Node reads that variable once,
 * when a process starts; a thread serving a launch with an environment of its own (a warm plugin
 * server's worker) applies it with this. A file that cannot be read is reported as Node reports
 * it, and ignored.
 */
export async function trustExtraCaCertificates(env: NodeJS.ProcessEnv): Promise<void> {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return;
  let extra: string;
  try {
    extra = readFileSync(file, "utf8");
  } catch (error) {
    process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(error as Error).message}`);
    return;
  }
  const { Agent, buildConnector, setGlobalDispatcher } = await import("./undici");
  // One TLS context for every connection (a `ca` list would be parsed again for each), made when
  // the first connection needs it: parsing Node's roots takes tens of milliseconds.
  let connector: BuildConnector.connector | undefined;
  const connect: BuildConnector.connector = (options, callback) => {
    connector ??= buildConnector({ secureContext: createSecureContext({ ca: [...rootCertificates, extra] }) });
    return connector(options, callback);
  };
  setGlobalDispatcher(new Agent({ connect }));
}
