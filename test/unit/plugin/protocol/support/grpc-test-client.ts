import * as http2 from "node:http2";
import * as net from "node:net";
import * as tls from "node:tls";
import { frameMessage, MessageDeframer } from "../../../../../src/plugin/protocol/grpc-framing";
import { decodeMessage, encodeMessage, type MessageDescriptor } from "../../../../../src/plugin/protocol/protobuf";

/** The engine's side of the connection, enough to test the plugin: unary calls and raw streams. */
export interface ClientTls {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface UnaryResult<T> {
  readonly status: number;
  readonly message: string;
  readonly response?: T;
}

const CALL_TIMEOUT_MS = 5000;

export class GrpcTestClient {
  private constructor(
    readonly session: http2.ClientHttp2Session,
    /** The TLS socket, for checking what the server presented. */
    readonly socket: net.Socket,
  ) {}

  /** Connects over a unix socket (`address` is its path) or TCP (`host:port`), with or without TLS. */
  static connect(network: "unix" | "tcp", address: string, tlsOptions?: ClientTls): Promise<GrpcTestClient> {
    const [host, port] = address.split(":");
    const target = network === "unix" ? { path: address } : { host, port: Number(port) };
    let socket: net.Socket | undefined;
    const session = http2.connect(tlsOptions ? "https://localhost" : "http://localhost", {
      createConnection: () => {
        socket = tlsOptions ? tls.connect({ ...target, ...tlsOptions, servername: "localhost", ALPNProtocols: ["h2"] }) : net.connect(target);
        return socket;
      },
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        session.destroy();
        reject(new Error("connect timed out"));
      }, CALL_TIMEOUT_MS);
      session.once("connect", () => {
        clearTimeout(timer);
        resolve(new GrpcTestClient(session, socket!));
      });
      session.once("error", (error) => {
        clearTimeout(timer);
        session.destroy();
        socket?.destroy();
        reject(error);
      });
    });
  }

  /** Sends raw body bytes; resolves with the status, its message and the response messages. */
  callRaw(path: string, body: Buffer, headers: http2.OutgoingHttpHeaders = {}): Promise<{ status: number; message: string; messages: Buffer[] }> {
    return new Promise((resolve, reject) => {
      const stream = this.session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers", ...headers });
      const timer = setTimeout(() => stream.close(http2.constants.NGHTTP2_CANCEL), CALL_TIMEOUT_MS);
      const deframer = new MessageDeframer(512 * 1024 * 1024);
      const messages: Buffer[] = [];
      let status: number | undefined;
      let message = "";
      // A Trailers-Only response carries the status in its headers.
      const takeStatus = (fields: http2.IncomingHttpHeaders) => {
        if (fields["grpc-status"] === undefined) return;
        status = Number(fields["grpc-status"]);
        message = decodeURIComponent(String(fields["grpc-message"] ?? ""));
      };
      stream.on("response", takeStatus);
      stream.on("trailers", takeStatus);
      stream.on("data", (chunk: Buffer) => messages.push(...deframer.push(chunk)));
      stream.on("error", reject);
      stream.on("close", () => {
        clearTimeout(timer);
        if (status === undefined) reject(new Error(`${path}: stream closed without grpc-status`));
        else resolve({ status, message, messages });
      });
      stream.end(body);
    });
  }

  async unary<T>(path: string, request: MessageDescriptor, response: MessageDescriptor, value: object): Promise<UnaryResult<T>> {
    const result = await this.callRaw(path, frameMessage(encodeMessage(request, value)));
    if (result.messages.length !== 1) return { status: result.status, message: result.message };
    return { status: result.status, message: result.message, response: decodeMessage<T & object>(response, result.messages[0]) };
  }

  /** Opens a streaming call with one request message and resolves once the server has sent headers. */
  openStream(path: string, request: Uint8Array): Promise<http2.ClientHttp2Stream> {
    const stream = this.session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" });
    stream.write(frameMessage(request));
    return new Promise((resolve, reject) => {
      stream.once("response", () => resolve(stream));
      stream.once("error", reject);
    });
  }

  close(): void {
    this.session.destroy();
    this.socket.destroy();
  }
}
