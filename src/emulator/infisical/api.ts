import { CapacityError } from "../capacity";
import type { EmulatedApi } from "../emulated-api";
import type { Exchange } from "../http/exchange";
import { isReply, type Reply } from "../http/reply";
import { Router } from "../http/router";
import type { SeededRandom } from "../random";
import { addAuthRoutes } from "./auth-routes";
import { authenticate } from "./authenticate";
import { addConnectionRoutes } from "./connection-routes";
import type { CredentialIdentifier, InfisicalContext } from "./context";
import type { CredentialVerifier } from "./credential-verifier";
import { badRequest, invalidJsonBody, rateLimitExceeded, routeNotFound, statusError } from "./errors";
import type { InfisicalStore } from "./store";

const PREFIX = "/api/v1";

/** What the Infisical API works with. */
export interface InfisicalApiDeps {
  store: InfisicalStore;
  random: SeededRandom;
  now: () => number;
  jwtKey: Buffer;
  verifyCredential: CredentialVerifier;
  identifyCredential: CredentialIdentifier;
}

/** Infisical under `/api/v1`: Universal Auth and app connections. */
export class InfisicalApi implements EmulatedApi {
  readonly name = "infisical";
  readonly #deps: InfisicalApiDeps;
  readonly #publicRoutes = new Router<InfisicalContext>();
  readonly #identityRoutes = new Router<InfisicalContext>();

  constructor(deps: InfisicalApiDeps) {
    this.#deps = deps;
    addAuthRoutes(this.#publicRoutes);
    addConnectionRoutes(this.#identityRoutes);
  }

  handles(path: string): boolean {
    return path.startsWith(`${PREFIX}/`);
  }

  async handle(exchange: Exchange): Promise<Reply> {
    if (exchange.body.kind === "invalid-json") return invalidJsonBody();
    const path = exchange.path.slice(PREFIX.length);
    const context: InfisicalContext = {
      exchange,
      reqId: this.#newReqId(),
      store: this.#deps.store,
      now: this.#deps.now(),
      jwtKey: this.#deps.jwtKey,
      verifyCredential: this.#deps.verifyCredential,
      identifyCredential: this.#deps.identifyCredential,
    };
    const publicMatch = this.#publicRoutes.match(exchange.method, path);
    const identityMatch = publicMatch ? undefined : this.#identityRoutes.match(exchange.method, path);
    const match = publicMatch ?? identityMatch;
    if (!match) return routeNotFound(exchange.method, exchange.path);
    if (identityMatch) {
      const claims = authenticate(context);
      if (isReply(claims)) return claims;
    }
    try {
      return await match.handler(context, match.params);
    } catch (error) {
      if (error instanceof CapacityError) return badRequest(error.message, context.reqId);
      throw error;
    }
  }

  statusReply(status: number, exchange?: Exchange): Reply {
    return statusError(status, this.#newReqId(), exchange?.method);
  }

  rateLimitReply(resetSeconds: number): Reply {
    return rateLimitExceeded(resetSeconds, this.#newReqId());
  }

  #newReqId(): string {
    return `req-${this.#deps.random.alphanumeric(14)}`;
  }
}
