import type { Fault, FaultRule } from "./control/faults";
import { isRecord, objectBody, type Exchange } from "./http/exchange";
import { emptyReply, jsonReply, type Reply } from "./http/reply";
import { Router } from "./http/router";
import type { Emulator } from "./types";

/** What the admin API exposes: the handle's controls plus the URLs to report with the seed. */
export type AdminControls = Pick<
  Emulator,
  "inventory" | "history" | "requestLog" | "faults" | "infisical" | "setLatency" | "setRateLimit" | "clock" | "reset" | "seeded" | "url" | "httpsUrl" | "caCertPath" | "tfcAddress" | "tfcHostname" | "infisicalHost" | "herokuUrl"
>;

/** Thrown for an unusable admin request body; answered 400. */
class AdminInputError extends Error {}

/**
 * The test controls over HTTP under `/__admin/` (JSON in, JSON out), for out-of-process users.
 * Fault rules take `path` as a string or `{"regex": "…", "flags": "…"}`.
 */
export function createAdminHandler(controls: () => AdminControls): (exchange: Exchange) => Promise<Reply> {
  const router = new Router<Exchange>()
    .add("GET", "/__admin/inventory", () => jsonReply(200, controls().inventory()))
    .add("GET", "/__admin/history", () => jsonReply(200, { events: controls().history() }))
    .add("GET", "/__admin/requests", (exchange) => jsonReply(200, { requests: controls().requestLog(Number(exchange.query.get("after") ?? 0) || 0) }))
    .add("GET", "/__admin/faults", () => jsonReply(200, { faults: controls().faults.list() }))
    .add("POST", "/__admin/faults", (exchange) => {
      controls().faults.add(parseFaultRule(requireBody(exchange)));
      return jsonReply(201, { faults: controls().faults.list() });
    })
    .add("DELETE", "/__admin/faults", () => {
      controls().faults.clear();
      return emptyReply(204);
    })
    .add("POST", "/__admin/latency", (exchange) => {
      const ms = numberField(requireBody(exchange), "ms");
      controls().setLatency(ms);
      return jsonReply(200, { latencyMs: ms });
    })
    .add("POST", "/__admin/rate-limit", (exchange) => {
      const perSecond = numberField(requireBody(exchange), "perSecond");
      controls().setRateLimit(perSecond);
      return jsonReply(200, { rateLimitPerSecond: perSecond });
    })
    .add("GET", "/__admin/infisical/terraform-cloud-host", () => jsonReply(200, { host: controls().infisical.terraformCloudHost() }))
    .add("POST", "/__admin/infisical/terraform-cloud-host", (exchange) => {
      const { host } = requireBody(exchange);
      if (host !== null && typeof host !== "string") throw new AdminInputError("host must be a host name or null (this emulator)");
      controls().infisical.setTerraformCloudHost(host);
      return jsonReply(200, { host });
    })
    .add("POST", "/__admin/infisical/access-token-uses-limit", (exchange) => {
      const uses = numberField(requireBody(exchange), "uses");
      controls().infisical.setAccessTokenUsesLimit(uses);
      return jsonReply(200, { uses });
    })
    .add("POST", "/__admin/infisical/revoke-access-tokens", () => {
      controls().infisical.revokeAccessTokens();
      return emptyReply(204);
    })
    .add("GET", "/__admin/clock", () => clockReply(controls()))
    .add("POST", "/__admin/clock/advance", (exchange) => {
      controls().clock.advance(numberField(requireBody(exchange), "ms"));
      return clockReply(controls());
    })
    .add("GET", "/__admin/seed", () => {
      const { seeded, url, httpsUrl, caCertPath, tfcAddress, tfcHostname, infisicalHost, herokuUrl } = controls();
      return jsonReply(200, { seeded, url, httpsUrl, caCertPath, tfcAddress, tfcHostname, infisicalHost, herokuUrl });
    })
    .add("POST", "/__admin/reset", () => {
      controls().reset();
      return emptyReply(204);
    });

  return async (exchange) => {
    const match = router.match(exchange.method, exchange.path);
    if (!match) return jsonReply(404, { error: `no admin route ${exchange.method} ${exchange.path}` });
    try {
      return await match.handler(exchange, match.params);
    } catch (error) {
      if (error instanceof AdminInputError || error instanceof RangeError || error instanceof TypeError) return jsonReply(400, { error: error.message });
      throw error;
    }
  };
}

function clockReply(controls: AdminControls): Reply {
  const nowMs = controls.clock.now();
  return jsonReply(200, { now: new Date(nowMs).toISOString(), nowMs });
}

function requireBody(exchange: Exchange): Record<string, unknown> {
  const body = objectBody(exchange);
  if (!body) throw new AdminInputError("expected a JSON object body");
  return body;
}

function numberField(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  if (typeof value !== "number") throw new AdminInputError(`${field} must be a number`);
  return value;
}

/** A fault rule from JSON; the injector validates the details. */
export function parseFaultRule(body: Record<string, unknown>): FaultRule {
  const { method, path, fault, times, after } = body;
  if (method !== undefined && typeof method !== "string") throw new AdminInputError("method must be a string");
  if (!isRecord(fault)) throw new AdminInputError("fault must be an object");
  if (times !== undefined && times !== null && typeof times !== "number") throw new AdminInputError("times must be a number or null (unlimited)");
  if (after !== undefined && typeof after !== "number") throw new AdminInputError("after must be a number");
  return {
    method,
    path: parsePath(path),
    fault: fault as unknown as Fault,
    times: times === null ? Infinity : times,
    after,
  };
}

function parsePath(path: unknown): string | RegExp {
  if (typeof path === "string") return path;
  if (isRecord(path) && typeof path.regex === "string" && (path.flags === undefined || typeof path.flags === "string")) {
    try {
      return new RegExp(path.regex, path.flags);
    } catch (error) {
      throw new AdminInputError(`invalid regex: ${(error as Error).message}`);
    }
  }
  throw new AdminInputError('path must be a string or {"regex": "...", "flags"?: "..."}');
}
