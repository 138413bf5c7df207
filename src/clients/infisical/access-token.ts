import { ApiError } from "../../http/errors";
import type { HttpCore } from "../../http/http-core";
import { Secret } from "../../http/secret";
import { parseAccessTokenGrant, type AccessTokenGrant } from "./responses";

/** Supplies the bearer token for Infisical requests. */
export interface AccessTokenSource {
  /** A token that is valid now, authenticating first if needed. */
  accessToken(): Promise<Secret>;
  /**
   * Called when the API rejected `rejected` (expired, malformed, revoked, deleted or used up).
   * Returns true when a fresh token can be obtained, so the request is worth one retry.
   */
  reauthenticate(rejected: Secret): boolean;
  /** Secrets to mask in error texts. */
  sensitiveValues(): string[];
}

/** A fixed token: nothing to renew, nothing to retry with. */
export class StaticAccessToken implements AccessTokenSource {
  constructor(private readonly token: Secret) {}

  async accessToken(): Promise<Secret> {
    return this.token;
  }

  reauthenticate(): boolean {
    return false;
  }

  sensitiveValues(): string[] {
    return [this.token.reveal()];
  }
}

/** Renew this long before expiry, or a quarter of the lifetime for short-lived tokens. */
const RENEW_MARGIN_MS = 60_000;

interface Session {
  token: Secret;
  /** When to renew; undefined for a token that does not expire. */
  renewAt: number | undefined;
  /** When renewals must stop and a new login is needed; undefined without a max TTL. */
  loginBy: number | undefined;
}

function margin(lifetimeMs: number): number {
  return Math.min(RENEW_MARGIN_MS, lifetimeMs / 4);
}

/**
 * Universal Auth (machine identity with client id and secret). Logs in on first use, renews the
 * token shortly before it expires, and logs in again when renewal fails or the token's max TTL
 * is close. Concurrent callers share one in-flight login or renewal.
 */
export class UniversalAuthSession implements AccessTokenSource {
  private session: Session | undefined;
  private pending: Promise<Secret> | undefined;

  constructor(
    private readonly core: HttpCore,
    private readonly clientId: string,
    private readonly clientSecret: Secret,
    private readonly now: () => number
  ) {}

  async accessToken(): Promise<Secret> {
    const session = this.session;
    if (session && (session.renewAt === undefined || this.now() < session.renewAt)) return session.token;
    this.pending ??= this.refresh(session).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  reauthenticate(rejected: Secret): boolean {
    if (this.session?.token === rejected) this.session = undefined;
    return true;
  }

  sensitiveValues(): string[] {
    const values = [this.clientSecret.reveal()];
    if (this.session) values.push(this.session.token.reveal());
    return values;
  }

  private async refresh(session: Session | undefined): Promise<Secret> {
    if (session && (session.loginBy === undefined || this.now() < session.loginBy)) {
      try {
        return this.start(await this.renew(session.token), session.loginBy);
      } catch (error) {
        // A refused renewal (revoked, max TTL reached) is cured by logging in again.
        if (!(error instanceof ApiError)) throw error;
      }
    }
    return this.start(await this.login());
  }

  private start(grant: AccessTokenGrant, loginBy?: number): Secret {
    const now = this.now();
    const lifetimeMs = grant.expiresIn * 1000;
    const maxTtlMs = grant.accessTokenMaxTTL * 1000;
    this.session = {
      token: grant.accessToken,
      renewAt: lifetimeMs > 0 ? now + lifetimeMs - margin(lifetimeMs) : undefined,
      loginBy: loginBy ?? (maxTtlMs > 0 ? now + maxTtlMs - margin(maxTtlMs) : undefined),
    };
    return grant.accessToken;
  }

  private async login(): Promise<AccessTokenGrant> {
    return this.core.requestParsed(
      {
        method: "POST",
        path: "/api/v1/auth/universal-auth/login",
        body: { clientId: this.clientId, clientSecret: this.clientSecret.reveal() },
        sensitiveValues: [this.clientSecret.reveal()],
        retrySafe: true,
      },
      parseAccessTokenGrant
    );
  }

  private async renew(token: Secret): Promise<AccessTokenGrant> {
    return this.core.requestParsed(
      {
        method: "POST",
        path: "/api/v1/auth/token/renew",
        body: { accessToken: token.reveal() },
        sensitiveValues: [token.reveal()],
        retrySafe: true,
      },
      parseAccessTokenGrant
    );
  }
}
