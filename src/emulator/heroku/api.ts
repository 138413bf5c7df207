import type { EmulatedApi } from "../emulated-api";
import { bearerToken, type Exchange } from "../http/exchange";
import { jsonReply, type Reply } from "../http/reply";
import type { HerokuStore } from "./store";

/** Where the emulated Heroku Platform API is mounted (the real one is `https://api.heroku.com`). */
export const HEROKU_PREFIX = "/heroku";
const VERSION_3 = /application\/vnd\.heroku\+json;\s*version=3/;

function herokuError(status: number, id: string, message: string): Reply {
  return jsonReply(status, { id, message });
}

/** Just enough of the Heroku Platform API to validate a token: `GET /apps` and `GET /account`. */
export class HerokuApi implements EmulatedApi {
  readonly name = "heroku";
  readonly #store: HerokuStore;

  constructor(store: HerokuStore) {
    this.#store = store;
  }

  handles(path: string): boolean {
    return path === HEROKU_PREFIX || path.startsWith(`${HEROKU_PREFIX}/`);
  }

  async handle(exchange: Exchange): Promise<Reply> {
    const accept = exchange.headers.accept ?? "";
    if (!VERSION_3.test(accept)) {
      return herokuError(406, "not_acceptable", "Please specify a version along with Heroku's API MIME type. For example, `Accept: application/vnd.heroku+json; version=3`.");
    }
    const secret = bearerToken(exchange);
    const token = secret === undefined ? undefined : this.#store.tokenForSecret(secret);
    if (!token) return herokuError(401, "unauthorized", "Invalid credentials provided.");
    exchange.identity = { kind: "heroku-token", id: token.id };
    const path = exchange.path.slice(HEROKU_PREFIX.length);
    if (exchange.method === "GET" && path === "/apps") return jsonReply(200, [this.#app()]);
    if (exchange.method === "GET" && path === "/account") return jsonReply(200, this.#account());
    return this.statusReply(404);
  }

  statusReply(status: number): Reply {
    if (status === 404) return herokuError(404, "not_found", "The requested API endpoint was not found.");
    return herokuError(status, status >= 500 ? "service_unavailable" : "bad_request", `Emulated Heroku error ${status}`);
  }

  rateLimitReply(): Reply {
    return herokuError(429, "rate_limit", "Your account reached the API rate limit. Please wait a few minutes before making new requests");
  }

  #app(): Record<string, unknown> {
    const created = new Date(this.#store.createdAt).toISOString();
    return {
      id: this.#store.appId,
      name: this.#store.appName,
      created_at: created,
      updated_at: created,
      region: { name: "us" },
      stack: { name: "heroku-24" },
      owner: { id: this.#store.accountId, email: this.#store.email },
      web_url: `https://${this.#store.appName}.herokuapp.com/`,
    };
  }

  #account(): Record<string, unknown> {
    const created = new Date(this.#store.createdAt).toISOString();
    return {
      id: this.#store.accountId,
      email: this.#store.email,
      name: "Emulated Heroku owner",
      allow_tracking: false,
      beta: false,
      verified: true,
      two_factor_authentication: false,
      last_login: created,
      created_at: created,
      updated_at: created,
    };
  }
}
