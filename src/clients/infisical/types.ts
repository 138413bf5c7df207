import type { Secret } from "../../http/secret";

/** The Infisical app-connection kinds this package manages. */
export type AppConnectionApp = "terraform-cloud" | "heroku";

/**
 * An Infisical app connection. Infisical never returns credentials (`credentials` is always
 * `{}`), so it is not part of this type; `credentialsHash` hashes their ciphertext and only
 * shows that they changed.
 */
export interface AppConnection {
  id: string;
  name: string;
  description: string | null;
  /** Null for an organization-level connection. */
  projectId: string | null;
  orgId: string;
  app: string;
  /** e.g. `api-token` (terraform-cloud), `auth-token` (heroku). */
  method: string;
  credentialsHash: string | null;
  createdAt: string;
  updatedAt: string;
  version?: number;
}

/** Credential fields, e.g. `{ apiToken }` or `{ authToken }`. Values may stay wrapped in {@link Secret}. */
export type AppConnectionCredentials = Record<string, string | Secret>;

/** Body of a create. */
export interface CreateAppConnectionInput {
  /** A slug, unique in its scope. */
  name: string;
  description?: string | null;
  /** Omit for an organization-level connection; cannot be changed later. */
  projectId?: string;
  method: string;
  credentials: AppConnectionCredentials;
}

/** Body of an update; the method and project cannot change. */
export interface UpdateAppConnectionInput {
  name?: string;
  description?: string | null;
  credentials?: AppConnectionCredentials;
}

/** How the client authenticates. */
export type InfisicalAuth =
  /** A machine-identity access token obtained elsewhere; used as is. */
  | { accessToken: string | Secret }
  /** Universal Auth: the client logs in, renews before expiry and logs in again when needed. */
  | { universalAuth: { clientId: string; clientSecret: string | Secret } };
