import { readFileSync } from "node:fs";
import { connect, createSecureContext, type SecureContext } from "node:tls";
import { getGlobalDispatcher, request, setGlobalDispatcher } from "undici";
import { secureContextTrusting, trustExtraCaCertificates } from "../../../src/http/extra-ca-certificates";
import { startEmulator, type Emulator } from "../../../src/emulator";

/**
 * A warm plugin server's worker cannot have Node read NODE_EXTRA_CA_CERTS at start-up, so it
 * applies the launch's own: requests through undici's global dispatcher then trust that CA.
 */
let emulator: Emulator;
const original = getGlobalDispatcher();
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  setGlobalDispatcher(original);
  await emulator?.close();
});

test("requests trust the CA of the file NODE_EXTRA_CA_CERTS names, besides Node's roots", async () => {
  const url = `${emulator.httpsUrl}/api/v2/ping`;
  await expect(request(url)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  await trustExtraCaCertificates({ NODE_EXTRA_CA_CERTS: emulator.caCertPath! });
  const response = await request(url);
  await response.body.dump();
  expect(response.statusCode).toBeLessThan(500);
});

test("a file that cannot be read is reported and ignored, as Node does", async () => {
  const emitWarning = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  try {
    const before = getGlobalDispatcher();
    await trustExtraCaCertificates({ NODE_EXTRA_CA_CERTS: "/nonexistent/ca.pem" });
    expect(getGlobalDispatcher()).toBe(before);
    expect(emitWarning).toHaveBeenCalledWith(expect.stringContaining("Ignoring extra certs from `/nonexistent/ca.pem`, load failed"));
  } finally {
    emitWarning.mockRestore();
  }
});

/** Whether a TLS connection to the emulator with `secureContext` verifies its certificate. */
function verifies(secureContext: SecureContext): Promise<boolean> {
  const { hostname, port } = new URL(emulator.httpsUrl!);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), servername: "localhost", secureContext, rejectUnauthorized: false }, () => {
      resolve(socket.authorized);
      socket.destroy();
    });
    socket.once("error", reject);
  });
}

test("the extra CA goes into that context only: Node's shared roots, and so every other launch's contexts, stay as they were", async () => {
  const extra = readFileSync(emulator.caCertPath!, "utf8");
  expect(await verifies(createSecureContext())).toBe(false);
  expect(await verifies(secureContextTrusting(extra))).toBe(true);
  expect(await verifies(createSecureContext())).toBe(false);
  expect(await verifies(secureContextTrusting(extra))).toBe(true);
});
