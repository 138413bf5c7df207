import { digestSecret, type SeededRandom } from "../random";

/** An emulated Heroku API token; only its digest is kept. */
export interface HerokuToken {
  id: string;
  secretDigest: string;
}

/** The emulated Heroku account: its tokens and the one app it owns. */
export class HerokuStore {
  readonly accountId: string;
  readonly email = "owner@heroku.emulator.invalid";
  readonly appId: string;
  readonly appName = "token-hooks-demo";
  readonly createdAt: number;
  readonly #random: SeededRandom;
  readonly #tokens = new Map<string, HerokuToken>();

  constructor(deps: { random: SeededRandom; now: () => number }) {
    this.#random = deps.random;
    this.accountId = deps.random.uuid();
    this.appId = deps.random.uuid();
    this.createdAt = deps.now();
  }

  issueToken(): { token: HerokuToken; secret: string } {
    const secret = `HRKU-${this.#random.alphanumeric(60)}`;
    const token: HerokuToken = { id: `heroku-token-${this.#tokens.size + 1}`, secretDigest: digestSecret(secret) };
    this.#tokens.set(token.secretDigest, token);
    return { token, secret };
  }

  hasToken(id: string): boolean {
    return [...this.#tokens.values()].some((token) => token.id === id);
  }

  tokenForSecret(secret: string): HerokuToken | undefined {
    return this.#tokens.get(digestSecret(secret));
  }
}
