import type { IncomingHttpHeaders } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { describeErrorBody } from "./error-body";
import {
  ApiError,
  MalformedResponseError,
  NetworkError,
  RequestTimeoutError,
  type HttpMethod,
  type RequestTarget,
  type Service,
} from "./errors";
import { ShapeError } from "./json-shape";
import { redact } from "./redact";
import type { RequestLogger } from "./request-log";
import type { Pacer } from "./request-pacer";
import { backoffDelay, DEFAULT_RETRY_SETTINGS, rateLimitDelay, type RetrySettings } from "./retry-policy";
import { getGlobalDispatcher, request } from "./undici";

/** Default limit for one attempt, headers and body together. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Identifies the client to API operators. */
const USER_AGENT = "cdktf-token-hooks";

/** Errors raised before anything reached the server: safe to retry even for POST. */
const NOT_SENT_CODES = new Set([
  "UND_ERR_INVALID_ARG",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Network errors that may pass if tried again. */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Transport options shared by both API clients. */
export interface HttpClientOptions {
  /**
   * undici dispatcher to send through (a `MockAgent` in tests). Default: undici's global
   * dispatcher, a keep-alive `Agent` with one connection pool per origin whose idle sockets
   * do not keep the process alive.
   */
  dispatcher?: Dispatcher;
  /** Limit for one attempt, response headers and body together. Default 30 s. */
  timeoutMs?: number;
  /** Overrides for the retry bounds. */
  retry?: Partial<RetrySettings>;
  /** Called once per attempt with method, path, status and duration. */
  onRequest?: RequestLogger;
  /** Waits between retries; injectable so tests do not wait real time. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  /** Clock in epoch milliseconds. */
  now?: () => number;
}

/**
 * Only the transport options out of a larger options object, so that credentials passed
 * alongside them are never stored in (and never printed with) the core.
 */
export function transportOptions(options: HttpClientOptions): HttpClientOptions {
  const { dispatcher, timeoutMs, retry, onRequest, sleep, random, now } = options;
  return { dispatcher, timeoutMs, retry, onRequest, sleep, random, now };
}

/** Everything an {@link HttpCore} needs besides the transport options. */
export interface HttpCoreConfig extends HttpClientOptions {
  service: Service;
  /** Validated base URL; request paths are appended to its path. */
  baseUrl: URL;
  /** Sent with every request, e.g. `accept`. */
  headers: Record<string, string>;
  /** Media type of JSON request bodies. */
  contentType: string;
  /** Secrets currently in use (tokens, client secrets), masked in any API-supplied error text. */
  sensitiveValues?: () => readonly string[];
  /** Holds each attempt back until the principal's rate limit has room for it. Default: none. */
  pacer?: Pacer;
}

/** One API call. */
export interface RequestOptions {
  method: HttpMethod;
  /** Path relative to the base URL, starting with `/`, already encoded (see `apiPath`). */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Per-request headers such as `authorization`. Never logged. */
  headers?: Record<string, string>;
  /** Secrets in this request's body, masked in any API-supplied error text. */
  sensitiveValues?: readonly string[];
  /**
   * Marks a POST/PATCH whose repetition is harmless (e.g. a login), so it is retried like a
   * GET. Default: only GET and DELETE are.
   */
  retrySafe?: boolean;
}

/** A response as received, any status. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A 2xx response with its JSON body decoded (undefined when empty). */
export interface JsonResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What one attempt produced: a response of any status, or why none arrived. */
type Outcome = RawResponse | NetworkError | RequestTimeoutError;

interface RetryCounts {
  /** 5xx, network errors and timeouts so far. */
  failures: number;
  /** 429 responses so far. */
  rateLimited: number;
}

function targetOf(service: Service, method: HttpMethod, url: URL): RequestTarget {
  return { service, method, path: url.pathname + url.search };
}

/** Whether a failed attempt may be repeated: only when that cannot do anything twice. */
function mayRetryFailure(outcome: Outcome, idempotent: boolean): boolean {
  if (outcome instanceof NetworkError) return TRANSIENT_CODES.has(outcome.code) && (idempotent || !outcome.requestSent);
  if (outcome instanceof RequestTimeoutError) return idempotent;
  return idempotent && outcome.status >= 500;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "UNKNOWN";
}

function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : "unknown failure";
}

/**
 * Sends JSON requests to one API: timeout on every attempt, retries (429 for every method;
 * 5xx, broken connections and timeouts only for GET and DELETE; POST and PATCH only when the
 * request certainly never left), typed errors without secrets, and a per-attempt log hook.
 */
export class HttpCore {
  readonly service: Service;
  readonly baseUrl: URL;
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly retry: RetrySettings;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly config: HttpCoreConfig) {
    this.service = config.service;
    this.baseUrl = config.baseUrl;
    this.dispatcher = config.dispatcher ?? getGlobalDispatcher();
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY_SETTINGS, ...config.retry };
    this.sleep = config.sleep ?? ((ms) => delay(ms));
    this.random = config.random ?? Math.random;
    this.now = config.now ?? Date.now;
  }

  /** Sends with retries and returns the final response whatever its status. */
  async send(options: RequestOptions): Promise<RawResponse> {
    const url = this.url(options);
    const target = targetOf(this.service, options.method, url);
    const headers = this.headers(options);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const idempotent = options.retrySafe ?? (options.method === "GET" || options.method === "DELETE");
    const counts: RetryCounts = { failures: 0, rateLimited: 0 };
    // Bounded: every retry increments one of the two counts, each of which has a limit.
    for (let attempt = 1; ; attempt++) {
      const permit = await this.config.pacer?.acquire();
      const started = this.now();
      const outcome = await this.attempt(url, target, headers, body, options);
      permit?.release(outcome instanceof Error ? undefined : outcome.headers);
      const retryInMs = this.retryDelay(outcome, counts, idempotent);
      this.log(target, attempt, outcome, this.now() - started, retryInMs);
      if (retryInMs === undefined) {
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }
      await this.sleep(retryInMs);
    }
  }

  /** Sends, turns a non-2xx status into an {@link ApiError} and decodes the JSON body. */
  async request(options: RequestOptions): Promise<JsonResponse> {
    const response = await this.send(options);
    const target = this.target(options);
    if (response.status < 200 || response.status > 299) {
      const secrets = this.secrets(options);
      const description = describeErrorBody(response.text);
      throw new ApiError({
        ...target,
        status: response.status,
        title: description.title === undefined ? undefined : redact(description.title, secrets),
        detail: description.detail === undefined ? undefined : redact(description.detail, secrets),
        requestId: description.requestId,
      });
    }
    if (response.text.trim() === "") return { status: response.status, headers: response.headers, body: undefined };
    try {
      return { status: response.status, headers: response.headers, body: JSON.parse(response.text) };
    } catch {
      throw new MalformedResponseError({ ...target, status: response.status, reason: "body was not valid JSON" });
    }
  }

  /** {@link request}, then `parse` on the body; a shape mismatch becomes a {@link MalformedResponseError}. */
  async requestParsed<T>(options: RequestOptions, parse: (body: unknown) => T): Promise<T> {
    const response = await this.request(options);
    try {
      return parse(response.body);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      throw new MalformedResponseError({
        ...this.target(options),
        status: response.status,
        reason: `did not have the expected shape: ${error.message}`,
      });
    }
  }

  /** Service, method and full path (with query) of a request, as errors report them. */
  target(options: RequestOptions): RequestTarget {
    return targetOf(this.service, options.method, this.url(options));
  }

  private url(options: RequestOptions): URL {
    const url = new URL(this.baseUrl.href);
    url.pathname = url.pathname.replace(/\/+$/, "") + options.path;
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.append(key, String(value));
    }
    return url;
  }

  private headers(options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = { "user-agent": USER_AGENT, ...this.config.headers, ...options.headers };
    // Content-Type only with a body: Fastify (Infisical) rejects a JSON content type with an empty body.
    if (options.body !== undefined) headers["content-type"] = this.config.contentType;
    return headers;
  }

  private secrets(options: RequestOptions): readonly string[] {
    return [...(this.config.sensitiveValues?.() ?? []), ...(options.sensitiveValues ?? [])];
  }

  /** Milliseconds to wait before the next try, or undefined when this outcome is final. */
  private retryDelay(outcome: Outcome, counts: RetryCounts, idempotent: boolean): number | undefined {
    if (!(outcome instanceof Error) && outcome.status === 429) {
      counts.rateLimited++;
      if (counts.rateLimited >= this.retry.rateLimitAttempts) return undefined;
      return rateLimitDelay(outcome.headers, counts.rateLimited, this.retry, this.now(), this.random);
    }
    if (!mayRetryFailure(outcome, idempotent)) return undefined;
    counts.failures++;
    if (counts.failures >= this.retry.maxAttempts) return undefined;
    return backoffDelay(counts.failures, this.retry, this.random);
  }

  private async attempt(
    url: URL,
    target: RequestTarget,
    headers: Record<string, string>,
    body: string | undefined,
    options: RequestOptions
  ): Promise<Outcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await request(this.dispatcher, {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: options.method,
        headers,
        body,
        signal: controller.signal,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      if (controller.signal.aborted) return new RequestTimeoutError({ ...target, timeoutMs: this.timeoutMs });
      const code = errorCode(error);
      return new NetworkError({
        ...target,
        code,
        reason: redact(errorReason(error), this.secrets(options)),
        requestSent: !NOT_SENT_CODES.has(code),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private log(
    target: RequestTarget,
    attempt: number,
    outcome: Outcome,
    durationMs: number,
    retryInMs: number | undefined
  ): void {
    const { onRequest } = this.config;
    if (!onRequest) return;
    const result =
      outcome instanceof NetworkError
        ? { errorCode: outcome.code }
        : outcome instanceof RequestTimeoutError
        ? { errorCode: "TIMEOUT" }
        : { status: outcome.status };
    try {
      onRequest({ ...target, attempt, ...result, durationMs, retryInMs });
    } catch {
      // A failing logger must not turn a successful API call into a failure.
    }
  }
}
