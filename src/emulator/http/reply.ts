/** What a handler answers; the server writes it (or, under a fault, garbles or drops it). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value to serialise; absent for an empty body. */
  body?: unknown;
  /** Defaults to `application/json` when there is a body. */
  contentType?: string;
}

/** A JSON reply. */
export function jsonReply(status: number, body: unknown, contentType = "application/json"): Reply {
  return { status, body, contentType };
}

/** A reply without a body, e.g. 204. */
export function emptyReply(status: number, headers?: Record<string, string>): Reply {
  return { status, headers };
}

/** Type guard telling a {@link Reply} apart from a handler's parsed input. */
export function isReply(value: unknown): value is Reply {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { status?: unknown }).status === "number";
}

/** Adds headers to a reply without mutating it. */
export function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...reply.headers, ...headers } };
}
