/** The two app-connection types the emulator serves, as Infisical names them in paths. */
export const APPS = ["terraform-cloud", "heroku"] as const;
export type AppName = (typeof APPS)[number];

/** What an app's credential must look like: a required prefix and the zod message for its absence. */
export interface CredentialPrefix {
  prefix: string;
  message: string;
}

/**
 * Per app: its one emulated method, credential key, display name (used in messages) and
 * required credential prefix. Heroku's `oauth` method needs a browser redirect and is not emulated.
 */
export const APP_DETAILS: Record<AppName, { method: string; credentialKey: string; displayName: string; credentialLabel: string; credentialPrefix?: CredentialPrefix }> = {
  "terraform-cloud": { method: "api-token", credentialKey: "apiToken", displayName: "Terraform Cloud", credentialLabel: "API Token" },
  heroku: {
    method: "auth-token",
    credentialKey: "authToken",
    displayName: "Heroku",
    credentialLabel: "Auth Token",
    // `heroku-connection-schemas.ts`, message verbatim (its closing quote is missing there too).
    credentialPrefix: { prefix: "HRKU-", message: "Token must start with 'HRKU-" },
  },
};

/** An Infisical project that connections can be scoped to. */
export interface Project {
  id: string;
  name: string;
  slug: string;
  type: "secret-manager";
}

/** A machine identity with Universal Auth credentials (only a digest of the secret is kept). */
export interface MachineIdentity {
  id: string;
  name: string;
  clientId: string;
  clientSecretId: string;
  clientSecretDigest: string;
  /** Universal Auth's `accessTokenNumUsesLimit`: uses each new access token allows; 0 means unlimited. */
  accessTokenNumUsesLimit: number;
}

/** An issued access token (the JWT carries its id), with what Infisical checks on every use. */
export interface AccessTokenRecord {
  id: string;
  identityId: string;
  createdAt: number;
  /** Set by each renewal; the TTL counts from here once set. */
  lastRenewedAt: number | null;
  revoked: boolean;
  /** Requests authenticated with it so far. */
  numUses: number;
  /** Copied from the identity at login; 0 means unlimited. */
  numUsesLimit: number;
}

/** An app connection. The credential itself is never kept: only which emulated token it was. */
export interface AppConnection {
  id: string;
  app: AppName;
  method: string;
  name: string;
  description: string | null;
  orgId: string;
  projectId: string | null;
  createdAt: number;
  updatedAt: number;
  /** The emulated TFC `at-…` or Heroku token the stored credential is, or null if unrecognised. */
  credentialTokenId: string | null;
  /** SHA-256 hex of a fresh random "ciphertext" per credential write, as Infisical's hash changes on re-encryption. */
  credentialsHash: string;
}

/** Access-token lifetime (seconds) of the emulated identity's Universal Auth configuration. */
export const ACCESS_TOKEN_TTL_SECONDS = 7200;
/** How far renewals may extend an access token, counted from its creation. */
export const ACCESS_TOKEN_MAX_TTL_SECONDS = 86400;
