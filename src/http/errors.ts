import { STATUS_CODES } from "node:http";

/** Which API a request went to; decides the label in messages and API-specific hints. */
export type Service = "tfc" | "infisical";

/** HTTP methods the clients use. */
export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

const SERVICE_LABEL: Record<Service, string> = { tfc: "TFC", infisical: "Infisical" };

const TFC_NOT_FOUND_HINT = "Not found — or the token lacks permission (HCP Terraform answers 404 for forbidden)";

/** Where a failed request went. `path` is the URL path plus query; URLs never carry secrets. */
export interface RequestTarget {
  service: Service;
  method: HttpMethod;
  path: string;
}

/** A request as errors name it, e.g. `TFC POST /api/v2/teams/team-…/authentication-tokens`. */
export function describeTarget(target: RequestTarget): string {
  return `${SERVICE_LABEL[target.service]} ${target.method} ${target.path}`;
}

/**
 * Base of every error raised for a request. Messages are built only from the target, the
 * status and the API's own error text; never from headers or bodies, which may hold secrets.
 */
export abstract class RequestError extends Error implements RequestTarget {
  readonly service: Service;
  readonly method: HttpMethod;
  readonly path: string;

  protected constructor(target: RequestTarget, message: string, options?: ErrorOptions) {
    super(`${describeTarget(target)}: ${message}`, options);
    this.service = target.service;
    this.method = target.method;
    this.path = target.path;
  }
}

/** What the API said about a failed request. */
export interface ApiErrorFields extends RequestTarget {
  status: number;
  title?: string;
  detail?: string;
  requestId?: string;
}

function describeApiError(error: ApiErrorFields): string {
  const title = error.title ?? STATUS_CODES[error.status]?.toLowerCase() ?? "unexpected status";
  let text = `${error.status} ${title}`;
  if (error.detail) text += ` — ${error.detail}`;
  if (error.requestId) text += ` (request id ${error.requestId})`;
  if (error.service === "tfc" && error.status === 404) text += `. ${TFC_NOT_FOUND_HINT}`;
  return text;
}

/** The API answered with a non-2xx status. */
export class ApiError extends RequestError implements ApiErrorFields {
  override readonly name = "ApiError";
  readonly status: number;
  /** The API's error title (TFC `title`, Infisical `error`). */
  readonly title?: string;
  /** The API's explanation (TFC `detail`, Infisical `message`). */
  readonly detail?: string;
  /** Infisical's `reqId`, for support requests. */
  readonly requestId?: string;

  constructor(fields: ApiErrorFields) {
    super(fields, describeApiError(fields));
    this.status = fields.status;
    this.title = fields.title;
    this.detail = fields.detail;
    this.requestId = fields.requestId;
  }
}

/** The connection failed or broke before a complete response arrived. */
export class NetworkError extends RequestError {
  override readonly name = "NetworkError";
  /** The system or undici error code, e.g. `ECONNRESET`, `ECONNREFUSED`. */
  readonly code: string;
  /** False only when the request certainly never reached the server (e.g. connection refused). */
  readonly requestSent: boolean;

  constructor(target: RequestTarget & { code: string; reason: string; requestSent: boolean }) {
    super(target, `network error ${target.code} (${target.reason})`);
    this.code = target.code;
    this.requestSent = target.requestSent;
  }
}

/** No complete response (headers and body) arrived within the request timeout. */
export class RequestTimeoutError extends RequestError {
  override readonly name = "RequestTimeoutError";
  readonly timeoutMs: number;

  constructor(target: RequestTarget & { timeoutMs: number }) {
    super(target, `no complete response within ${target.timeoutMs} ms`);
    this.timeoutMs = target.timeoutMs;
  }
}

/** A 2xx response whose body was not valid JSON or not the expected shape. The body is never echoed. */
export class MalformedResponseError extends RequestError {
  override readonly name = "MalformedResponseError";
  readonly status: number;

  constructor(target: RequestTarget & { status: number; reason: string }) {
    super(target, `${target.status} response ${target.reason}`);
    this.status = target.status;
  }
}

/**
 * A create failed in a way that leaves its outcome unknown, and looking the object up did not
 * settle it. The object may exist; check before creating it again.
 */
export class AmbiguousCreateError extends RequestError {
  override readonly name = "AmbiguousCreateError";

  /** `explanation` says what the lookup found; `cause` is the last ambiguous create failure. */
  constructor(target: RequestTarget, explanation: string, cause: RequestError) {
    super(target, `the create may or may not have taken effect; ${explanation} (last failure: ${cause.message})`, {
      cause,
    });
  }
}

/** A URL that the clients refuse to send credentials to: plain http to a non-loopback host. */
export class InsecureUrlError extends Error {
  override readonly name = "InsecureUrlError";
  readonly url: string;

  constructor(url: string, reason: string) {
    super(`Refusing URL ${url}: ${reason}`);
    this.url = url;
  }
}

/** Service discovery (`/.well-known/terraform.json`) did not yield a usable API address. */
export class ServiceDiscoveryError extends Error {
  override readonly name = "ServiceDiscoveryError";
  readonly hostname: string;

  constructor(hostname: string, reason: string, options?: ErrorOptions) {
    super(`Service discovery for ${hostname} failed: ${reason}`, options);
    this.hostname = hostname;
  }
}

/** True for an {@link ApiError} with status 404. */
export function isNotFound(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 404;
}

/** Resolves to `fallback` when the API answers 404; other failures propagate. */
export async function unlessNotFound<T, F>(pending: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await pending;
  } catch (error) {
    if (isNotFound(error)) return fallback;
    throw error;
  }
}

/**
 * True when a failed create may nevertheless have been carried out by the server: it timed
 * out, the connection broke after sending, the server failed (5xx) or the success body was
 * unreadable. A refused connection, a 4xx or an exhausted 429 mean the server did not act.
 */
export function isAmbiguousFailure(error: unknown): error is RequestError {
  if (error instanceof RequestTimeoutError || error instanceof MalformedResponseError) return true;
  if (error instanceof NetworkError) return error.requestSent;
  return error instanceof ApiError && error.status >= 500;
}
