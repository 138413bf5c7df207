import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { EmulatorClock } from "./clock";
import type { FaultInjector, Fault } from "./control/faults";
import { redactSecrets } from "./control/redact";
import type { RequestLog, RequestLogEntry } from "./control/request-log";
import type { EmulatedApi } from "./emulated-api";
import { BodyTooLargeError, readRequestBody } from "./http/body";
import type { Exchange, RequestBody } from "./http/exchange";
import { jsonReply, type Reply } from "./http/reply";
import { untilAborted, waitFor } from "./http/wait";

/** What the request pipeline needs; `apis` is a getter because reset replaces them. */
export interface PipelineDeps {
  apis: () => readonly EmulatedApi[];
  /** Handles `/__admin/…` outside logging, latency and faults. */
  admin: (exchange: Exchange) => Promise<Reply>;
  faults: FaultInjector;
  log: RequestLog;
  clock: EmulatorClock;
  latencyMs: () => number;
  /** Aborted when the emulator closes, releasing hung and delayed requests. */
  shutdown: AbortSignal;
}

const ADMIN_PREFIX = "/__admin/";

/** For paths no emulated service owns. */
const NO_SERVICE: EmulatedApi = {
  name: "none",
  handles: () => true,
  handle: async () => jsonReply(404, { errors: [{ status: "404", title: "not found" }] }),
  statusReply: (status) => jsonReply(status, { errors: [{ status: String(status), title: "injected error" }] }),
  rateLimitReply: () => jsonReply(429, { errors: [{ status: "429", title: "Too many requests" }] }),
};

/** What happened to one request, for the log. */
interface Outcome {
  status: number | null;
  responseBody?: unknown;
  fault?: Fault["kind"];
  error?: string;
}

/**
 * The request listener shared by the HTTP and HTTPS servers: reads the body, applies latency,
 * then either injects a fault or lets the owning API answer, and logs the result.
 */
export function createRequestListener(deps: PipelineDeps, scheme: "http" | "https"): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handleRequest(deps, scheme, request, response).catch(() => {
      if (!response.headersSent) writeReply(response, jsonReply(500, { error: "internal emulator error" }));
      else response.destroy();
    });
  };
}

async function handleRequest(deps: PipelineDeps, scheme: "http" | "https", request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://emulator.invalid");
  const method = (request.method ?? "GET").toUpperCase();
  let body: RequestBody;
  try {
    body = await readRequestBody(request);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    writeReply(response, jsonReply(413, { error: error.message }));
    request.socket.destroy();
    return;
  }
  const exchange: Exchange = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body,
    baseUrl: `${scheme}://${request.headers.host ?? "127.0.0.1"}`,
    remoteAddress: request.socket.remoteAddress ?? "unknown",
  };
  if (url.pathname.startsWith(ADMIN_PREFIX)) {
    writeReply(response, await deps.admin(exchange));
    return;
  }

  const seq = deps.log.nextSeq();
  const startedAt = deps.clock.now();
  const started = performance.now();
  const api = deps.apis().find((candidate) => candidate.handles(exchange.path)) ?? NO_SERVICE;
  const clientGone = abortedOnClose(response);

  const latency = deps.latencyMs();
  if (latency > 0) await waitFor(latency, deps.shutdown, clientGone);
  let outcome: Outcome;
  try {
    outcome = await respond(deps, api, exchange, request, response, clientGone);
  } catch (error) {
    const reply = api.statusReply(500);
    writeReply(response, reply);
    outcome = { status: 500, responseBody: reply.body, error: error instanceof Error ? error.message : String(error) };
  }

  const entry: RequestLogEntry = {
    seq,
    api: api.name,
    method,
    path: exchange.path,
    query: Object.fromEntries(exchange.query),
    status: outcome.status,
    startedAt,
    finishedAt: deps.clock.now(),
    durationMs: Math.round(performance.now() - started),
    identity: exchange.identity ?? null,
    requestBody: body.kind === "json" ? body.value : undefined,
    responseBody: outcome.responseBody,
  };
  if (outcome.fault) entry.fault = outcome.fault;
  if (outcome.error) entry.error = outcome.error;
  deps.log.record(entry);
}

async function respond(
  deps: PipelineDeps,
  api: EmulatedApi,
  exchange: Exchange,
  request: IncomingMessage,
  response: ServerResponse,
  clientGone: AbortSignal,
): Promise<Outcome> {
  const fault = deps.faults.take(exchange.method, exchange.path);
  const send = (reply: Reply, kind?: Fault["kind"]): Outcome => {
    writeReply(response, reply);
    return { status: reply.status, responseBody: reply.body, fault: kind };
  };
  switch (fault?.kind) {
    case undefined:
      return send(await api.handle(exchange));
    case "status":
      return send(fault.body === undefined ? api.statusReply(fault.status, exchange) : jsonReply(fault.status, fault.body), "status");
    case "rate-limit":
      return send(api.rateLimitReply(fault.resetSeconds), "rate-limit");
    case "reset":
      resetConnection(request.socket);
      return { status: null, fault: "reset" };
    case "hang":
      if (fault.ms === undefined) {
        await untilAborted(deps.shutdown, clientGone);
        request.socket.destroy();
        return { status: null, fault: "hang" };
      }
      // Handled normally afterwards even if the client gave up: the work still happens, as on a slow server.
      await waitFor(fault.ms, deps.shutdown);
      return { ...send(await api.handle(exchange)), fault: "hang" };
    case "malformed": {
      const reply = await api.handle(exchange);
      writeMalformed(response, reply);
      return { status: reply.status === 204 ? 200 : reply.status, responseBody: "[malformed body]", fault: "malformed" };
    }
    case "drop-response": {
      const reply = await api.handle(exchange);
      request.socket.destroy();
      return { status: reply.status, responseBody: reply.body, fault: "drop-response" };
    }
  }
}

/** Sends a TCP RST where the socket allows it (plain TCP); a TLS socket can only be destroyed. */
function resetConnection(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** Aborts when the client closes the connection before a response was written. */
function abortedOnClose(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once("close", () => controller.abort());
  return controller.signal;
}

function writeReply(response: ServerResponse, reply: Reply): void {
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
  writeText(response, reply.status, reply, text);
}

/**
 * The reply's status and headers with the first half of its JSON, so clients see a cut-off body.
 * Secrets are redacted first: no fragment of a credential should reach a client's error output.
 * Empty replies become 200 with a stub.
 */
function writeMalformed(response: ServerResponse, reply: Reply): void {
  const text = reply.body === undefined ? "" : JSON.stringify(redactSecrets(reply.body));
  const truncated = text.length > 1 ? text.slice(0, Math.ceil(text.length / 2)) : '{"data":';
  writeText(response, reply.status === 204 ? 200 : reply.status, reply, truncated);
}

function writeText(response: ServerResponse, status: number, reply: Reply, text: string): void {
  if (response.destroyed || response.headersSent) return;
  const headers: Record<string, string> = { ...reply.headers, "Content-Length": String(Buffer.byteLength(text)) };
  if (text !== "") headers["Content-Type"] = reply.contentType ?? "application/json";
  response.writeHead(status, headers);
  response.end(text);
}
