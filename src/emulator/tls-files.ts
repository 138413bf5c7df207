import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSelfSignedCertificate } from "../tls/self-signed-cert";

/** The HTTPS key pair and where its certificate was written for clients to trust. */
export interface EmulatorCertificate {
  certPem: string;
  keyPem: string;
  /** PEM file to use as `SSL_CERT_FILE` / `NODE_EXTRA_CA_CERTS`. */
  caCertPath: string;
  /** Removes the certificate's temporary directory. */
  remove(): Promise<void>;
}

const VALID_FOR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, marked as a CA so it can sit in a trust
 * store as its own anchor (Go and OpenSSL both accept it there), written to a fresh temp dir.
 */
export async function createEmulatorCertificate(): Promise<EmulatorCertificate> {
  const { certPem, keyPem } = createSelfSignedCertificate({
    commonName: "cdktf-token-hooks emulator",
    dnsNames: ["localhost"],
    ipAddresses: ["127.0.0.1"],
    isCA: true,
    validForMs: VALID_FOR_MS,
  });
  const directory = await mkdtemp(join(tmpdir(), "token-hooks-emulator-"));
  const caCertPath = join(directory, "emulator-ca.pem");
  await writeFile(caCertPath, certPem, { mode: 0o644 });
  return { certPem, keyPem, caCertPath, remove: () => rm(directory, { recursive: true, force: true }) };
}
