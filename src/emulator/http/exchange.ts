import type { IncomingHttpHeaders } from "node:http";

/** The request body as the emulator saw it. */
export type RequestBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "invalid-json" };

/** Who made a request, for the request log: never the credential itself. */
export interface RequestIdentity {
  kind:
    | "tfc-user-token"
    | "tfc-team-token"
    | "tfc-organization-token"
    | "tfc-audit-trails-token"
    | "tfc-agent-token"
    | "infisical-identity"
    | "heroku-token";
  /** The token's or identity's id (`at-…`, identity UUID, Heroku token id). */
  id: string;
}

/** One request on its way through an emulated API. */
export interface Exchange {
  method: string;
  /** Path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: RequestBody;
  /** `http://host:port` or `https://…` as the client addressed us; for absolute links. */
  baseUrl: string;
  remoteAddress: string;
  /** Set by an API once it has recognised the caller's credential. */
  identity?: RequestIdentity;
}

/** The credential from `Authorization: Bearer …`, if any. */
export function bearerToken(exchange: Exchange): string | undefined {
  const header = exchange.headers.authorization;
  if (typeof header !== "string") return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The JSON body when it is a plain object; otherwise undefined. */
export function objectBody(exchange: Exchange): Record<string, unknown> | undefined {
  const body = exchange.body;
  return body.kind === "json" && isRecord(body.value) ? body.value : undefined;
}

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
