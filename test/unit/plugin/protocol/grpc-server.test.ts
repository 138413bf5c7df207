import { mkdtempSync, rmSync } from "node:fs";
import * as http2 from "node:http2";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmptyMessage } from "../../../../src/plugin/protocol/go-plugin";
import { frameMessage } from "../../../../src/plugin/protocol/grpc-framing";
import { GrpcServer, type GrpcMethod } from "../../../../src/plugin/protocol/grpc-server";
import { createLogger } from "../../../../src/plugin/protocol/log";
import { encodeMessage } from "../../../../src/plugin/protocol/protobuf";

/**
 * GrpcServer.close() as a plugin's exit uses it: the engine keeps its connection open until the
 * plugin exits, so close() must end connections itself once the calls in progress are answered,
 * and never cut an answer short.
 */

const SLOW_CALL_MS = 150;
const GRACE_MS = 5_000;

let dir: string;
let server: GrpcServer;
let socketPath: string;
let client: http2.ClientHttp2Session;
let slowCallStarted: Promise<void>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "grpc-server-"));
  socketPath = join(dir, "plugin.sock");
  let markStarted: () => void = () => undefined;
  slowCallStarted = new Promise((resolve) => (markStarted = resolve));
  const methods = new Map<string, GrpcMethod>([
    ["/test.Service/Quick", { kind: "unary", request: EmptyMessage, response: EmptyMessage, handle: async () => ({}) }],
    [
      "/test.Service/Slow",
      {
        kind: "unary",
        request: EmptyMessage,
        response: EmptyMessage,
        handle: async () => {
          markStarted();
          await new Promise((resolve) => setTimeout(resolve, SLOW_CALL_MS));
          return {};
        },
      },
    ],
    ["/test.Service/Idle", { kind: "idle-stream" }],
  ]);
  server = new GrpcServer({ methods, log: createLogger({ module: "test", env: {} }) });
  await server.listen({ path: socketPath });
  client = http2.connect("http://localhost", { createConnection: () => netConnect(socketPath) });
});

afterEach(() => {
  client.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A unary call; resolves with its grpc-status once the trailers arrive, or `cut` when the stream closes without them. */
function call(path: string): Promise<string> {
  const stream = client.request({ ":method": "POST", ":path": path, "content-type": "application/grpc" });
  stream.end(frameMessage(encodeMessage(EmptyMessage, {})));
  stream.resume();
  return new Promise((resolve) => {
    stream.on("trailers", (trailers) => resolve(String(trailers["grpc-status"])));
    stream.on("error", () => resolve("cut"));
    stream.on("close", () => resolve("cut"));
  });
}

const clientClosed = () => new Promise<void>((resolve) => client.once("close", () => resolve()));

test("with no call in progress, close() ends the connection the client keeps open at once, not after its grace", async () => {
  expect(await call("/test.Service/Quick")).toBe("0");
  const idle = client.request({ ":method": "POST", ":path": "/test.Service/Idle", "content-type": "application/grpc" });
  idle.on("error", () => undefined).resume();
  await new Promise((resolve) => idle.once("response", resolve));
  const closedByServer = clientClosed();
  const started = performance.now();
  await server.close(GRACE_MS);
  expect(performance.now() - started).toBeLessThan(1_000);
  await closedByServer;
});

test("close() lets the call in progress finish and answers it in full before ending the connection", async () => {
  const answer = call("/test.Service/Slow");
  await slowCallStarted;
  const started = performance.now();
  await server.close(GRACE_MS);
  const took = performance.now() - started;
  expect(await answer).toBe("0");
  expect(took).toBeGreaterThanOrEqual(SLOW_CALL_MS - 20);
  expect(took).toBeLessThan(GRACE_MS / 2);
});

test("a call still running when the grace ends is cut", async () => {
  const answer = call("/test.Service/Slow");
  await slowCallStarted;
  await server.close(10);
  expect(await answer).toBe("cut");
});
