import { STATUS_CODES } from "node:http";
import { jsonReply, type Reply } from "../http/reply";
import type { ZodIssue } from "./issues";

/** Infisical's Fastify replies. */
export const INFISICAL_CONTENT_TYPE = "application/json; charset=utf-8";

/** Infisical's error body `{reqId, statusCode, message, error}`. */
export function infisicalError(status: number, error: string, message: string | ZodIssue[], reqId: string): Reply {
  return jsonReply(status, { reqId, statusCode: status, message, error }, INFISICAL_CONTENT_TYPE);
}

export function badRequest(message: string, reqId: string): Reply {
  return infisicalError(400, "BadRequest", message, reqId);
}

export function notFound(message: string, reqId: string): Reply {
  return infisicalError(404, "NotFound", message, reqId);
}

export function unauthorizedError(message: string, reqId: string): Reply {
  return infisicalError(401, "UnauthorizedError", message, reqId);
}

/** A zod failure: `message` is the issue array. */
export function validationFailure(issues: ZodIssue[], reqId: string): Reply {
  return infisicalError(422, "ValidationFailure", issues, reqId);
}

/** Fastify's own 400 for an unparseable JSON body (before any route code runs). */
export function invalidJsonBody(): Reply {
  return jsonReply(
    400,
    { statusCode: 400, code: "FST_ERR_CTP_INVALID_JSON_BODY", error: "Bad Request", message: "Body is not valid JSON but content-type is set to 'application/json'" },
    INFISICAL_CONTENT_TYPE,
  );
}

/** Fastify's 404 for a route that does not exist. */
export function routeNotFound(method: string, path: string): Reply {
  return jsonReply(404, { message: `Route ${method}:${path} not found`, error: "Not Found", statusCode: 404 }, INFISICAL_CONTENT_TYPE);
}

/** The app-connection permission each method needs (Infisical's `OrgPermissionAppConnectionActions`). */
const APP_CONNECTION_ACTIONS: Readonly<Record<string, string>> = { GET: "read", POST: "create", PATCH: "edit", DELETE: "delete" };

/**
 * The default error body for an injected status. A 403 is what a machine identity without the
 * permission gets: CASL's `PermissionDenied`, naming the action and the subject, with `details`.
 */
export function statusError(status: number, reqId: string, method?: string): Reply {
  if (status === 403) {
    const action = APP_CONNECTION_ACTIONS[method ?? "GET"] ?? "read";
    return jsonReply(
      403,
      { reqId, statusCode: 403, message: `You are not allowed to ${action} on app-connections`, error: "PermissionDenied", details: [] },
      INFISICAL_CONTENT_TYPE,
    );
  }
  return infisicalError(status, (STATUS_CODES[status] ?? "Error").replace(/\s+/g, ""), STATUS_CODES[status] ?? "Error", reqId);
}

/** @fastify/rate-limit's 429 as Infisical configures it. */
export function rateLimitExceeded(resetSeconds: number, reqId: string): Reply {
  const seconds = Math.max(1, Math.ceil(resetSeconds));
  return {
    ...infisicalError(429, "RateLimitExceeded", `Rate limit exceeded. Please try again in ${seconds} seconds`, reqId),
    headers: { "Retry-After": String(seconds), "X-RateLimit-Reset": String(seconds) },
  };
}
