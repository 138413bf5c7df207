import { createPrivateKey, X509Certificate } from "node:crypto";
import type { AddressInfo } from "node:net";
import * as tls from "node:tls";
import { createSelfSignedCertificate } from "../../../src/tls/self-signed-cert";

const ALL_OPTIONS = { commonName: "localhost", dnsNames: ["localhost", "plugin.test"], ipAddresses: ["127.0.0.1", "::1"], organization: "HashiCorp", isCA: true };

describe("createSelfSignedCertificate", () => {
  it("names the subject and issuer, and lists DNS and IP alternative names", () => {
    const { certPem } = createSelfSignedCertificate(ALL_OPTIONS);
    const cert = new X509Certificate(certPem);
    expect(cert.subject).toBe("O=HashiCorp\nCN=localhost");
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.subjectAltName).toBe("DNS:localhost, DNS:plugin.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkHost("other.test")).toBeUndefined();
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkIP("::1")).toBe("::1");
  });

  it("is self-signed with its own ECDSA P-256 key", () => {
    const { certPem, keyPem } = createSelfSignedCertificate(ALL_OPTIONS);
    const cert = new X509Certificate(certPem);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: "prime256v1" });
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(cert.verify(new X509Certificate(createSelfSignedCertificate(ALL_OPTIONS).certPem).publicKey)).toBe(false);
  });

  it("returns the PEM's DER", () => {
    const { certPem, certDer } = createSelfSignedCertificate({ commonName: "x" });
    expect(Buffer.from(new X509Certificate(certPem).raw).equals(certDer)).toBe(true);
  });

  it("is valid from 30 s ago for the requested time, whatever the local time zone", () => {
    const savedTz = process.env.TZ;
    process.env.TZ = "Asia/Tokyo";
    try {
      const before = Date.now();
      const cert = new X509Certificate(createSelfSignedCertificate({ commonName: "x", validForMs: 3_600_000 }).certPem);
      const from = Date.parse(cert.validFrom);
      const to = Date.parse(cert.validTo);
      // Certificate times have whole seconds.
      expect(from).toBeGreaterThanOrEqual(Math.floor((before - 30_000) / 1000) * 1000 - 1000);
      expect(from).toBeLessThanOrEqual(Date.now() - 29_000);
      expect(to).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
      expect(to).toBeLessThanOrEqual(Date.now() + 3_600_000);
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    }
  });

  it("defaults to one day of validity", () => {
    const cert = new X509Certificate(createSelfSignedCertificate({ commonName: "x" }).certPem);
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(24 * 3_600_000 + 30_000);
  });

  it("marks CA certificates as CAs and allows both TLS roles", () => {
    const ca = new X509Certificate(createSelfSignedCertificate(ALL_OPTIONS).certPem);
    const leaf = new X509Certificate(createSelfSignedCertificate({ commonName: "leaf" }).certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(ca.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
  });

  it("uses a fresh positive 128-bit serial each time", () => {
    const serials = Array.from({ length: 20 }, () => new X509Certificate(createSelfSignedCertificate({ commonName: "x" }).certPem).serialNumber);
    expect(new Set(serials).size).toBe(20);
    for (const serial of serials) {
      // A 128-bit magnitude, with at most one sign byte added.
      expect(serial.length).toBeLessThanOrEqual(34);
      expect(BigInt(`0x${serial}`)).toBeGreaterThan(0n);
    }
  });

  describe("in a TLS handshake", () => {
    let server: tls.Server | undefined;
    afterEach(() => server?.close());

    /** Starts a TLS server that greets each client; resolves with the greeting or the client's error. */
    async function handshake(serverOptions: tls.TlsOptions, clientOptions: tls.ConnectionOptions): Promise<string> {
      server = tls.createServer(serverOptions, (socket) => socket.end("hello"));
      server.on("tlsClientError", () => undefined);
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      return new Promise((resolve) => {
        const socket = tls.connect({ port, host: "127.0.0.1", timeout: 5000, ...clientOptions }, () => {
          socket.once("data", (data) => {
            socket.end();
            resolve(data.toString());
          });
        });
        socket.on("error", (error) => resolve(`error: ${error.message}`));
        socket.on("timeout", () => socket.destroy(new Error("timed out")));
      });
    }

    it.each([true, false])("is trusted by a client that has it as its CA (isCA %s)", async (isCA) => {
      const cert = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], isCA });
      await expect(handshake({ cert: cert.certPem, key: cert.keyPem }, { ca: cert.certPem, servername: "localhost" })).resolves.toBe("hello");
      server?.close();
      await expect(handshake({ cert: cert.certPem, key: cert.keyPem }, { ca: cert.certPem })).resolves.toBe("hello");
    });

    it("is refused by a client that trusts another certificate", async () => {
      const cert = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], isCA: true });
      const other = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], isCA: true });
      await expect(handshake({ cert: cert.certPem, key: cert.keyPem }, { ca: other.certPem, servername: "localhost" })).resolves.toMatch(/^error: /);
    });

    it("works as a client certificate for a server that trusts only it", async () => {
      const serverCert = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], isCA: true });
      const clientCert = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], isCA: true });
      const serverOptions = { cert: serverCert.certPem, key: serverCert.keyPem, ca: clientCert.certPem, requestCert: true, rejectUnauthorized: true };
      await expect(
        handshake(serverOptions, { ca: serverCert.certPem, servername: "localhost", cert: clientCert.certPem, key: clientCert.keyPem }),
      ).resolves.toBe("hello");
    });
  });
});
