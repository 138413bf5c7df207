import { bearerToken } from "../http/exchange";
import { isReply, type Reply } from "../http/reply";
import type { InfisicalContext } from "./context";
import { infisicalError, unauthorizedError } from "./errors";
import { verifyJwt, type AccessTokenClaims, type JwtFailure } from "./jwt";
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokenRecord } from "./model";

/** Infisical's error handler wording for `jsonwebtoken` failures (all answered 403 `TokenError`). */
const JWT_MESSAGES: Record<JwtFailure, string> = {
  "jwt expired": "Your token has expired. Please re-authenticate.",
  "jwt malformed": "The provided access token is malformed. Please use a valid token or generate a new one and try again.",
  "invalid signature": "invalid signature",
};

/** A verified access token: its claims and its database record. */
export interface VerifiedAccessToken {
  claims: AccessTokenClaims;
  record: AccessTokenRecord;
}

/** Verifies an access token's JWT: its claims, or 403 `TokenError` as Infisical's error handler words it. */
export function verifyAccessTokenJwt(context: InfisicalContext, accessToken: string): AccessTokenClaims | Reply {
  const claims = verifyJwt(accessToken, context.jwtKey, context.now);
  return typeof claims === "string" ? infisicalError(403, "TokenError", JWT_MESSAGES[claims], context.reqId) : claims;
}

/**
 * Verifies an access token as `identity-access-token-service.ts` does: the JWT first (403
 * `TokenError`), then its record, all 401 `UnauthorizedError`: revoked or unknown, use limit
 * reached, or past its TTL since creation or last renewal (the last two delete the record).
 */
export function verifyAccessToken(context: InfisicalContext, accessToken: string): VerifiedAccessToken | Reply {
  const claims = verifyAccessTokenJwt(context, accessToken);
  if (isReply(claims)) return claims;
  const record = context.store.unrevokedAccessToken(claims.identityAccessTokenId);
  if (!record) return unauthorizedError("No identity access token found", context.reqId);
  if (record.numUsesLimit > 0 && record.numUses > 0 && record.numUses >= record.numUsesLimit) {
    context.store.deleteAccessToken(record.id);
    return unauthorizedError("Unable to renew because access token number of uses limit reached", context.reqId);
  }
  if (context.now > (record.lastRenewedAt ?? record.createdAt) + ACCESS_TOKEN_TTL_SECONDS * 1000) {
    context.store.deleteAccessToken(record.id);
    return unauthorizedError("Failed to renew MI access token due to TTL expiration", context.reqId);
  }
  return { claims, record };
}

/**
 * App-connection routes accept only a user JWT or a machine-identity access token
 * (`verify-auth.ts`). Missing token: 401; service token (`st.`): 403 `ForbiddenRequestError`
 * named after the URL; otherwise {@link verifyAccessToken}, and each accepted request counts as
 * one use of the token.
 */
export function authenticate(context: InfisicalContext): AccessTokenClaims | Reply {
  const token = bearerToken(context.exchange);
  if (token === undefined) return unauthorizedError("Token missing", context.reqId);
  if (token.startsWith("st.")) {
    const url = context.exchange.path + (context.exchange.query.size > 0 ? `?${context.exchange.query.toString()}` : "");
    return infisicalError(403, `Forbidden access to ${url}`, "You are not allowed to access this resource", context.reqId);
  }
  const verified = verifyAccessToken(context, token);
  if (isReply(verified)) return verified;
  verified.record.numUses++;
  context.exchange.identity = { kind: "infisical-identity", id: verified.claims.identityId };
  return verified.claims;
}
