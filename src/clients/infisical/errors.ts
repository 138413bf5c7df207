import { ApiError } from "../../http/errors";

/**
 * Infisical's answer to a name in use in the scope (any app): 400 `An App Connection with the
 * name "x" already exists`, on create and on rename. Kept free of undici, so resources can
 * import it without loading the client.
 */
export function isConnectionNameTaken(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 400 && /already exists/i.test(error.detail ?? "");
}

/**
 * Infisical's answers to an access token it no longer accepts: 403 `TokenError` (JWT expired
 * or malformed) and 401 `UnauthorizedError` (revoked or deleted, use limit reached, TTL past;
 * `identity-access-token-service.ts`). A 401 without a token ("Token missing") cannot reach
 * here, as every call sends one.
 */
export function isAccessTokenRejected(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    ((error.status === 403 && error.title === "TokenError") || (error.status === 401 && error.title === "UnauthorizedError"))
  );
}

/**
 * Infisical's answer when the service refused the credential it checks on create and on PATCH
 * with credentials: 400 `Failed to validate credentials: <axios message>`.
 */
export function isCredentialRefused(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 400 && (error.detail ?? "").startsWith("Failed to validate credentials");
}
