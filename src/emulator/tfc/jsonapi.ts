import { STATUS_CODES } from "node:http";
import { isRecord, type Exchange } from "../http/exchange";
import { jsonReply, type Reply } from "../http/reply";
import { formatResetSeconds } from "../control/rate-limiter";

/** HCP Terraform's media type. */
export const JSON_API = "application/vnd.api+json";

/** A JSON:API document reply. */
export function jsonApiReply(status: number, document: unknown): Reply {
  return jsonReply(status, document, JSON_API);
}

/** `{"errors":[{status,title,detail?,source?}]}` with the status as a string, as the API sends it. */
export function jsonApiError(status: number, title: string, detail?: string, pointer?: string): Reply {
  const error: Record<string, unknown> = { status: String(status), title };
  if (detail !== undefined) error.detail = detail;
  if (pointer !== undefined) error.source = { pointer };
  return jsonApiReply(status, { errors: [error] });
}

/** 404: not found, or not allowed (HCP Terraform does not tell the two apart). */
export function notFound(): Reply {
  return jsonApiError(404, "not found");
}

/** 401: the token is missing, unknown, expired or revoked. */
export function unauthorized(): Reply {
  return jsonApiError(401, "unauthorized");
}

/** 422 for one invalid attribute. */
export function invalidAttribute(detail: string, attribute: string): Reply {
  return jsonApiError(422, "invalid attribute", detail, `/data/attributes/${attribute}`);
}

/** The default error body for an injected status. */
export function statusError(status: number): Reply {
  return jsonApiError(status, (STATUS_CODES[status] ?? "error").toLowerCase());
}

/** HCP Terraform's documented 429: the status is a number here, unlike in other errors. */
export function rateLimited(limit: number, resetSeconds: number): Reply {
  return {
    ...jsonApiReply(429, { errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: "Too many requests" }] }),
    headers: rateLimitHeaders(limit, 0, resetSeconds),
  };
}

/** The rate-limit headers HCP Terraform sends on every response. */
export function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(limit),
    "X-RateLimit-Remaining": String(remaining),
    "X-RateLimit-Reset": formatResetSeconds(resetSeconds),
  };
}

/**
 * `data.attributes` of a JSON:API request body; `{}` when there is no body. The server ignores
 * `data.type`, so clients sending singular or plural types both work.
 */
export function requestAttributes(exchange: Exchange): Record<string, unknown> | Reply {
  const body = exchange.body;
  if (body.kind === "none") return {};
  if (body.kind === "invalid-json") return jsonApiError(400, "JSON body is invalid", "The request body could not be parsed as JSON");
  if (!isRecord(body.value)) return jsonApiError(400, "invalid request", "The request body must be a JSON:API document");
  const data = body.value.data;
  if (data === undefined || data === null) return {};
  if (!isRecord(data)) return jsonApiError(400, "invalid request", "data must be an object", "/data");
  const attributes = data.attributes;
  if (attributes === undefined || attributes === null) return {};
  if (!isRecord(attributes)) return jsonApiError(400, "invalid request", "attributes must be an object", "/data/attributes");
  return attributes;
}

/** Formats an emulator timestamp as the API does (`2025-06-26T14:12:54.000Z`). */
export function timestamp(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
