import { readFileSync } from "node:fs";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
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
  // the first connection needs it.
  let connector: BuildConnector.connector | undefined;
  const connect: BuildConnector.connector = (options, callback) => {
    connector ??= buildConnector({ secureContext: secureContextTrusting(extra) });
    return connector(options, callback);
  };
  setGlobalDispatcher(new Agent({ connect }));
}

/**
 * A TLS context that trusts Node's bundled roots and the PEM certificates in `extra`. Node parses
 * its roots once per process and shares them between contexts; adding `extra` to a default
 * context's copy of them takes about 1 ms, where a `ca` list that repeats the roots is parsed
 * again, certificate by certificate (12-25 ms, once per launch). The native context's `addCACert`
 * is what Node's own `ca` option calls; where it is missing, the `ca` list is used.
 */
export function secureContextTrusting(extra: string): SecureContext {
  const context = createSecureContext();
  const native = (context as { context?: { addCACert?: (pem: string) => void } }).context;
  if (typeof native?.addCACert !== "function") return createSecureContext({ ca: [...rootCertificates, extra] });
  native.addCACert(extra);
  return context;
}
