import * as http2 from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { frameMessage, MessageDeframer } from "./grpc-framing";
import { GrpcError, GrpcStatus, percentEncodeGrpcMessage, type GrpcStatusCode } from "./grpc-status";
import type { Logger } from "./log";
import { decodeMessage, encodeMessage, ProtobufError, type MessageDescriptor, type ProtoMessage } from "./protobuf";

/** A request-response RPC. The handler may throw {@link GrpcError} to choose the status. */
export interface UnaryMethod {
  readonly kind: "unary";
  readonly request: MessageDescriptor;
  readonly response: MessageDescriptor;
  readonly handle: (request: ProtoMessage) => Promise<ProtoMessage>;
}

/**
 * A streaming RPC that the server keeps open without sending a message (go-plugin's stdio and
 * broker streams): its messages are discarded and it ends with status OK when the server closes.
 */
export interface IdleStreamMethod {
  readonly kind: "idle-stream";
  /** Called when the stream ends for any reason other than this server closing. */
  readonly onClientClosed?: () => void;
}

export type GrpcMethod = UnaryMethod | IdleStreamMethod;

export interface GrpcServerOptions {
  /** Methods by HTTP/2 path, `/package.Service/Method`; any other path answers UNIMPLEMENTED. */
  readonly methods: ReadonlyMap<string, GrpcMethod>;
  /**
   * Serve TLS with this certificate and accept only clients presenting a certificate signed by
   * (or equal to) `clientCaPem`. Omitted: plaintext HTTP/2.
   */
  readonly tls?: { readonly certPem: string; readonly keyPem: string; readonly clientCaPem: string };
  readonly log: Logger;
  /** Largest request or response message; default 256 MiB, as terraform-plugin-go servers allow. */
  readonly maxMessageBytes?: number;
}

/** Where to listen: a unix socket path, or a TCP port on a host (use `127.0.0.1`). */
export type ListenTarget = { readonly path: string } | { readonly host: string; readonly port: number };

export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** Flow-control windows big enough that a large state does not crawl through 64 KiB windows. */
const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
const SESSION_WINDOW_BYTES = 32 * 1024 * 1024;
/** nghttp2's memory cap, in MB: must hold a whole maximum-size message in flight. */
const MAX_SESSION_MEMORY_MB = 1024;
/** How long close() lets open calls finish before cutting connections. */
const CLOSE_GRACE_MS = 250;

const GRPC_CONTENT_TYPE = /^application\/grpc(\+proto)?(;|$)/;

/**
 * A gRPC server on node:http2, for the unary and idle-stream calls a provider plugin serves. With
 * TLS, ALPN offers only `h2` (grpc-go clients since v1.67 refuse a server that negotiates nothing).
 */
export class GrpcServer {
  private readonly server: http2.Http2Server | http2.Http2SecureServer;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly idleStreams = new Set<http2.ServerHttp2Stream>();
  /** Streams of calls not yet answered to the end (trailers sent). */
  private readonly callStreams = new Set<http2.ServerHttp2Stream>();
  private readonly onAllCallsAnswered: (() => void)[] = [];
  /** The connections under the sessions: a session's own socket is unusable once it is destroyed. */
  private readonly sockets = new Set<Socket>();
  private readonly maxMessageBytes: number;
  private closing = false;
  private everConnected = false;

  constructor(private readonly options: GrpcServerOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const http2Options = { settings: { initialWindowSize: STREAM_WINDOW_BYTES }, maxSessionMemory: MAX_SESSION_MEMORY_MB };
    this.server = options.tls
      ? http2.createSecureServer({
          ...http2Options,
          cert: options.tls.certPem,
          key: options.tls.keyPem,
          ca: options.tls.clientCaPem,
          requestCert: true,
          rejectUnauthorized: true,
          allowHTTP1: false,
          minVersion: "TLSv1.2",
        })
      : http2.createServer(http2Options);
    this.server.on(options.tls ? "secureConnection" : "connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    this.server.on("session", (session) => this.onSession(session));
    this.server.on("stream", (stream, headers) => this.onStream(stream, headers));
    this.server.on("sessionError", (error) => options.log.debug("HTTP/2 session failed", { error: error.message }));
    this.server.on("tlsClientError", (error) => options.log.warn("Rejected a TLS client", { error: error.message }));
    this.server.on("unknownProtocol", (socket) => {
      options.log.warn("Rejected a client that did not negotiate HTTP/2");
      socket.destroy();
    });
  }

  /** Starts listening; resolves with the address to announce (the socket path, or `host:port`). */
  listen(target: ListenTarget): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      const listening = () => {
        this.server.off("error", reject);
        if ("path" in target) return resolve(target.path);
        const { address, port } = this.server.address() as AddressInfo;
        resolve(`${address}:${port}`);
      };
      if ("path" in target) this.server.listen(target.path, listening);
      else this.server.listen(target.port, target.host, listening);
    });
  }

  /**
   * Stops accepting connections and ends idle streams with status OK; once every call in progress
   * has been answered, or after `graceMs`, ends the connections (what was sent is flushed first).
   * It does not wait for the client to hang up: the engine keeps its connection until the plugin
   * exits. Resolves once the connections are closed. Safe to call more than once.
   */
  close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    this.closing = true;
    for (const stream of this.idleStreams) stream.end();
    this.server.close();
    const sessionsClosed = Promise.all([...this.sessions].map((session) => new Promise((resolve) => session.once("close", resolve))));
    const endSessions = () => {
      clearTimeout(cutOff);
      // A destroyed session hands what it sent to its socket, then waits for the client to hang up.
      for (const session of this.sessions) session.destroy();
      setImmediate(() => this.sockets.forEach((socket) => socket.destroy()));
    };
    const cutOff = setTimeout(endSessions, graceMs);
    // A moment later: the idle streams' trailers, queued just now, go out with the rest.
    if (this.callStreams.size === 0) setImmediate(endSessions);
    else this.onAllCallsAnswered.push(endSessions);
    return sessionsClosed.then(() => undefined);
  }

  /** Whether any client has connected (with TLS: presented an accepted certificate). */
  get connected(): boolean {
    return this.everConnected;
  }

  private onSession(session: http2.ServerHttp2Session): void {
    this.everConnected = true;
    this.sessions.add(session);
    session.on("close", () => this.sessions.delete(session));
    session.on("error", (error) => this.options.log.debug("HTTP/2 session failed", { error: error.message }));
    session.setLocalWindowSize(SESSION_WINDOW_BYTES);
  }

  private onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    stream.on("error", (error) => this.options.log.debug("HTTP/2 stream failed", { error: error.message }));
    if (headers[":method"] !== "POST") {
      stream.respond({ ":status": 405 }, { endStream: true });
      return;
    }
    if (!GRPC_CONTENT_TYPE.test(headers["content-type"] ?? "")) {
      stream.respond({ ":status": 415 }, { endStream: true });
      return;
    }
    const encoding = headers["grpc-encoding"];
    if (encoding !== undefined && encoding !== "identity") {
      this.respondStatus(stream, GrpcStatus.UNIMPLEMENTED, `Message encoding ${encoding} is not supported`);
      return;
    }
    const path = headers[":path"] ?? "";
    const method = this.options.methods.get(path);
    if (!method) {
      this.respondStatus(stream, GrpcStatus.UNIMPLEMENTED, `Unknown method ${path}`);
      return;
    }
    if (method.kind === "unary") this.serveUnary(stream, path, method);
    else this.holdOpen(stream, method);
  }

  private trackCall(stream: http2.ServerHttp2Stream): void {
    this.callStreams.add(stream);
    stream.once("close", () => {
      this.callStreams.delete(stream);
      if (this.callStreams.size === 0) this.onAllCallsAnswered.splice(0).forEach((answered) => setImmediate(answered));
    });
  }

  private serveUnary(stream: http2.ServerHttp2Stream, path: string, method: UnaryMethod): void {
    this.trackCall(stream);
    const deframer = new MessageDeframer(this.maxMessageBytes);
    const received: Buffer[] = [];
    let failed = false;
    stream.on("data", (chunk: Buffer) => {
      if (failed) return;
      try {
        received.push(...deframer.push(chunk));
      } catch (error) {
        failed = true;
        this.respondError(stream, path, error);
      }
    });
    stream.on("end", () => {
      if (failed) return;
      if (received.length !== 1 || !deframer.idle) {
        this.respondStatus(stream, GrpcStatus.INTERNAL, `Expected exactly one request message for ${path}`);
        return;
      }
      void this.callUnary(stream, path, method, received[0]);
    });
  }

  private async callUnary(stream: http2.ServerHttp2Stream, path: string, method: UnaryMethod, requestBytes: Buffer): Promise<void> {
    const started = performance.now();
    let responseBytes: Buffer;
    try {
      const request = decodeMessage(method.request, requestBytes);
      responseBytes = encodeMessage(method.response, await method.handle(request));
      if (responseBytes.length > this.maxMessageBytes) {
        throw new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, `Response of ${responseBytes.length} bytes exceeds the limit of ${this.maxMessageBytes} bytes`);
      }
    } catch (error) {
      this.respondError(stream, path, error);
      return;
    }
    this.options.log.debug("Served gRPC call", { method: path, duration_ms: Math.round(performance.now() - started) });
    if (stream.closed || stream.destroyed) return;
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": String(GrpcStatus.OK) }));
    stream.end(frameMessage(responseBytes));
  }

  private holdOpen(stream: http2.ServerHttp2Stream, method: IdleStreamMethod): void {
    this.idleStreams.add(stream);
    stream.on("close", () => {
      this.idleStreams.delete(stream);
      if (!this.closing) method.onClientClosed?.();
    });
    // The client's messages (broker connection offers) are not used.
    stream.resume();
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.once("wantTrailers", () => {
      stream.sendTrailers({ "grpc-status": String(GrpcStatus.OK) });
      // The client never ends its side of these streams; without a reset, close() would wait out its grace period.
      stream.close(http2.constants.NGHTTP2_NO_ERROR);
    });
  }

  /**
   * Answers a failed call. Only {@link GrpcError} and codec messages reach the client; anything
   * else is a bug whose message stays in the log and the client gets a fixed text.
   */
  private respondError(stream: http2.ServerHttp2Stream, path: string, error: unknown): void {
    if (error instanceof GrpcError) {
      this.respondStatus(stream, error.code, error.message);
    } else if (error instanceof ProtobufError) {
      this.options.log.error("Invalid protobuf message", { method: path, error: error.message });
      this.respondStatus(stream, GrpcStatus.INTERNAL, `${path}: ${error.message}`);
    } else {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.options.log.error("gRPC handler failed", { method: path, error: `${failure.name}: ${failure.message}`, stack: failure.stack });
      this.respondStatus(stream, GrpcStatus.INTERNAL, `The provider failed while handling ${path}; its log has the details`);
    }
  }

  /** A Trailers-Only response: one HEADERS frame carrying the status, ending the stream. */
  private respondStatus(stream: http2.ServerHttp2Stream, code: GrpcStatusCode, message: string): void {
    // Whatever the client still sends is drained, so the stream can close.
    stream.resume();
    if (stream.closed || stream.destroyed || stream.headersSent) return;
    stream.respond(
      { ":status": 200, "content-type": "application/grpc", "grpc-status": String(code), "grpc-message": percentEncodeGrpcMessage(message) },
      { endStream: true },
    );
  }
}
