import type { EmulatedApi } from "../emulated-api";
import { CapacityError } from "../capacity";
import type { FixedWindowRateLimiter } from "../control/rate-limiter";
import { bearerToken, type Exchange, type RequestIdentity } from "../http/exchange";
import { emptyReply, withHeaders, type Reply } from "../http/reply";
import { Router } from "../http/router";
import { AccessPolicy } from "./access";
import { addAdminRoutes } from "./admin-routes";
import { addAgentPoolRoutes } from "./agent-pool-routes";
import { addAgentTokenRoutes } from "./agent-token-routes";
import type { TfcContext } from "./context";
import { jsonApiError, notFound, rateLimited, rateLimitHeaders, statusError, unauthorized } from "./jsonapi";
import { isExpired, type ApiToken } from "./model";
import { addOrganizationRoutes } from "./organization-routes";
import { addOrganizationTokenRoutes } from "./organization-token-routes";
import type { TfcStore } from "./store";
import { addTeamRoutes } from "./team-routes";
import { addTeamTokenRoutes } from "./team-token-routes";

const PREFIX = "/api/v2";
const API_VERSION = "2.6";

const IDENTITY_KIND: Record<ApiToken["kind"], RequestIdentity["kind"]> = {
  user: "tfc-user-token",
  team: "tfc-team-token",
  organization: "tfc-organization-token",
  "audit-trails": "tfc-audit-trails-token",
  agent: "tfc-agent-token",
};

/**
 * HCP Terraform under `/api/v2`. Every request counts against a per-principal rate limit
 * (per user for user tokens, per token for team/organization tokens, per IP otherwise) and
 * every response carries the limit headers.
 */
export class TfcApi implements EmulatedApi {
  readonly name = "tfc";
  readonly #store: TfcStore;
  readonly #access: AccessPolicy;
  readonly #now: () => number;
  readonly #rateLimiter: FixedWindowRateLimiter;
  readonly #router = new Router<TfcContext>();

  constructor(deps: { store: TfcStore; now: () => number; rateLimiter: FixedWindowRateLimiter }) {
    this.#store = deps.store;
    this.#access = new AccessPolicy(deps.store);
    this.#now = deps.now;
    this.#rateLimiter = deps.rateLimiter;
    addTeamTokenRoutes(this.#router);
    addOrganizationTokenRoutes(this.#router);
    addTeamRoutes(this.#router);
    addOrganizationRoutes(this.#router);
    addAdminRoutes(this.#router);
    addAgentPoolRoutes(this.#router);
    addAgentTokenRoutes(this.#router);
  }

  handles(path: string): boolean {
    return path === PREFIX || path.startsWith(`${PREFIX}/`);
  }

  async handle(exchange: Exchange): Promise<Reply> {
    const now = this.#now();
    const secret = bearerToken(exchange);
    const presented = secret === undefined ? undefined : this.#store.tokenForSecret(secret);
    if (presented) exchange.identity = { kind: IDENTITY_KIND[presented.kind], id: presented.id };
    const token = presented && presented.revokedAt === null && !isExpired(presented, now) ? presented : undefined;

    const decision = this.#rateLimiter.consume(rateLimitKey(token, exchange));
    if (!decision.allowed) return rateLimited(decision.limit, decision.resetSeconds);
    const reply = await this.#route(exchange, token, now);
    return withHeaders(reply, rateLimitHeaders(decision.limit, decision.remaining, decision.resetSeconds));
  }

  statusReply(status: number): Reply {
    return statusError(status);
  }

  rateLimitReply(resetSeconds: number): Reply {
    return rateLimited(this.#rateLimiter.limit, resetSeconds);
  }

  async #route(exchange: Exchange, token: ApiToken | undefined, now: number): Promise<Reply> {
    const path = exchange.path.slice(PREFIX.length) || "/";
    // go-tfe reads these headers from /ping whatever the token; it never checks the status.
    if (path === "/ping" && exchange.method === "GET") {
      return emptyReply(204, { "TFP-API-Version": API_VERSION, "TFP-AppName": "HCP Terraform" });
    }
    if (!token) return unauthorized();
    this.#store.markUsed(token);
    const match = this.#router.match(exchange.method, path);
    if (!match) return notFound();
    try {
      return await match.handler({ exchange, token, store: this.#store, access: this.#access, now }, match.params);
    } catch (error) {
      if (error instanceof CapacityError) return jsonApiError(422, "emulator limit reached", error.message);
      throw error;
    }
  }
}

function rateLimitKey(token: ApiToken | undefined, exchange: Exchange): string {
  if (!token) return `ip:${exchange.remoteAddress}`;
  return token.kind === "user" && token.userId !== null ? `user:${token.userId}` : `token:${token.id}`;
}
