/** The two app-connection types the emulator serves, as Infisical names them in paths. */
export const APPS = ["terraform-cloud", "heroku"] as const;
export type AppName = (typeof APPS)[number];

/** Per app: its one supported method, credential key and display name (used in messages). */
export const APP_DETAILS: Record<AppName, { method: string; credentialKey: string; displayName: string; credentialLabel: string }> = {
  "terraform-cloud": { method: "api-token", credentialKey: "apiToken", displayName: "Terraform Cloud", credentialLabel: "API Token" },
  heroku: { method: "auth-token", credentialKey: "authToken", displayName: "Heroku", credentialLabel: "Auth Token" },
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
}

/** An issued access token (the JWT carries its id). */
export interface AccessTokenRecord {
  id: string;
  identityId: string;
  createdAt: number;
  revoked: boolean;
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
  version: number;
  /** The emulated TFC `at-…` or Heroku token the stored credential is, or null if unrecognised. */
  credentialTokenId: string | null;
  /** SHA-256 hex of a fresh random "ciphertext" per credential write, as Infisical's hash changes on re-encryption. */
  credentialsHash: string;
}

/** Access-token lifetime (seconds) of the emulated identity's Universal Auth configuration. */
export const ACCESS_TOKEN_TTL_SECONDS = 7200;
/** How far renewals may extend an access token, counted from its creation. */
export const ACCESS_TOKEN_MAX_TTL_SECONDS = 86400;
