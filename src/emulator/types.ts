import type { EmulatorClock } from "./clock";
import type { ActiveFaultRule, FaultRule } from "./control/faults";
import type { HistoryEvent } from "./control/history";
import type { RequestLogEntry } from "./control/request-log";
import type { AppName } from "./infisical/model";

/** How to start the emulator. */
export interface EmulatorOptions {
  /** HTTP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** HTTPS port; 0 (default) picks a free one; `false` serves no HTTPS. */
  httpsPort?: number | false;
  /** HCP Terraform requests per second per principal (default 30). */
  rateLimitPerSecond?: number;
  /** Delay added before every API request (default 0). */
  latencyMs?: number;
  /** Makes ids and secrets reproducible; default random. */
  seed?: string;
  /** Base clock (default `Date.now`); the emulator clock adds whatever tests advance it by. */
  now?: () => number;
  /**
   * The HCP Terraform host the emulated Infisical validates terraform-cloud tokens against, as
   * real Infisical always uses app.terraform.io. Default: this emulator's own HCP Terraform, which
   * stands in for app.terraform.io. Any other host name is an HCP Terraform that never minted the
   * emulator's tokens: every token is refused with Infisical's 400 "Failed to validate credentials".
   */
  infisicalTerraformCloudHost?: string;
}

/** The fixtures every emulator starts with (fake credentials: printing them is fine). */
export interface SeededFixtures {
  /** HCP Terraform organization name. */
  organization: string;
  ownersTeamId: string;
  /** Non-owner teams: `platform` (visibility organization) and `developers` (secret). */
  otherTeams: { name: string; id: string }[];
  /** A member of the owners team. */
  ownerUserId: string;
  /** The owner's user token: may do everything, including organization tokens. */
  ownerUserToken: string;
  /** A site administrator's user token: the only one the `/api/v2/admin` endpoints accept. */
  adminToken: string;
  /** The `platform` team, which is not an owners team. */
  nonOwnerTeamId: string;
  /** The `platform` team's legacy token: manages its own team's tokens only. */
  nonOwnerTeamToken: string;
  nonOwnerTeamTokenId: string;
  infisical: {
    organizationId: string;
    identityId: string;
    clientId: string;
    clientSecret: string;
    projectId: string;
  };
  /** A token the emulated Heroku API accepts. */
  herokuAuthToken: string;
}

/** Which emulated token an app connection's stored credential is, and whether it still works. */
export interface CredentialsRef {
  service: "tfc" | "heroku";
  /** `at-…` for TFC, `heroku-token-N` for Heroku; null if the credential matches no known token. */
  tokenId: string | null;
  valid: boolean;
}

/** Every live credential and connection, without secrets. */
export interface Inventory {
  teamTokens: { id: string; teamId: string; description: string | null; legacy: boolean; expiredAt: string | null; createdAt: string }[];
  organizationTokens: { organization: string; kind: "organization" | "audit-trails"; id: string; expiredAt: string | null; createdAt: string }[];
  userTokens: { id: string; userId: string; description: string | null; expiredAt: string | null; createdAt: string }[];
  agentTokens: { id: string; agentPoolId: string; organization: string; description: string | null; createdAt: string }[];
  appConnections: { id: string; app: AppName; name: string; projectId: string | null; credentialsRef: CredentialsRef }[];
}

/** Controls of the emulated Infisical. */
export interface InfisicalControls {
  /** The host terraform-cloud tokens are validated against (see {@link EmulatorOptions.infisicalTerraformCloudHost}); null: this emulator. */
  setTerraformCloudHost(host: string | null): void;
  terraformCloudHost(): string | null;
  /** Uses each access token issued from now on allows (Universal Auth's `accessTokenNumUsesLimit`); 0 means unlimited. */
  setAccessTokenUsesLimit(uses: number): void;
  /** Revokes every access token issued so far: their next use is a 401. */
  revokeAccessTokens(): void;
}

/** Fault controls. */
export interface FaultControls {
  add(rule: FaultRule): void;
  clear(): void;
  list(): ActiveFaultRule[];
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `https://127.0.0.1:PORT`, or null when HTTPS is off. */
  readonly httpsUrl: string | null;
  /** PEM of the self-signed certificate (for `SSL_CERT_FILE` / `NODE_EXTRA_CA_CERTS`), or null when HTTPS is off. */
  readonly caCertPath: string | null;
  /** `TFE_ADDRESS`: the HTTP base; the API is under `/api/v2`. */
  readonly tfcAddress: string;
  /** `127.0.0.1:HTTPSPORT`, for service discovery over HTTPS; null when HTTPS is off. */
  readonly tfcHostname: string | null;
  /** `INFISICAL_HOST`: the HTTP base; the API is under `/api/v1`. */
  readonly infisicalHost: string;
  /** Base of the emulated Heroku Platform API (`GET /apps`, `GET /account`). */
  readonly herokuUrl: string;
  /** Fixtures; the same after {@link reset}. */
  readonly seeded: SeededFixtures;
  readonly clock: EmulatorClock;
  readonly faults: FaultControls;
  readonly infisical: InfisicalControls;
  inventory(): Inventory;
  /** State changes in order (seeding included). */
  history(): HistoryEvent[];
  /** Requests in arrival order, secrets redacted; only those after `afterSeq` when given. */
  requestLog(afterSeq?: number): RequestLogEntry[];
  setLatency(ms: number): void;
  setRateLimit(perSecond: number): void;
  /** Back to the seeded state: stores, clock offset, faults, log, latency, rate limit and Infisical's TFC host. */
  reset(): void;
  close(): Promise<void>;
}
