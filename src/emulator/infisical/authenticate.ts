import { bearerToken } from "../http/exchange";
import { isReply, type Reply } from "../http/reply";
import type { InfisicalContext } from "./context";
import { infisicalError, unauthorizedError } from "./errors";
import { verifyJwt, type AccessTokenClaims, type JwtFailure } from "./jwt";

/** Infisical's error handler wording for `jsonwebtoken` failures (all answered 403 `TokenError`). */
const JWT_MESSAGES: Record<JwtFailure, string> = {
  "jwt expired": "Your token has expired. Please re-authenticate.",
  "jwt malformed": "The provided access token is malformed. Please use a valid token or generate a new one and try again.",
  "invalid signature": "invalid signature",
};

/** Verifies an access token's JWT and that its record is live; a 401/403 reply otherwise. */
export function verifyAccessToken(context: InfisicalContext, accessToken: string): AccessTokenClaims | Reply {
  const claims = verifyJwt(accessToken, context.jwtKey, context.now);
  if (typeof claims === "string") return infisicalError(403, "TokenError", JWT_MESSAGES[claims], context.reqId);
  if (!context.store.liveAccessToken(claims.identityAccessTokenId)) return unauthorizedError("Unauthorized", context.reqId);
  return claims;
}

/**
 * App-connection routes accept only a user JWT or a machine-identity access token. Missing
 * token: 401; service token (`st.`): 403; expired or malformed JWT: 403 `TokenError`.
 */
export function authenticate(context: InfisicalContext): AccessTokenClaims | Reply {
  const token = bearerToken(context.exchange);
  if (token === undefined) return unauthorizedError("Token missing", context.reqId);
  if (token.startsWith("st.")) {
    const url = context.exchange.path + (context.exchange.query.size > 0 ? `?${context.exchange.query.toString()}` : "");
    return infisicalError(403, "ForbiddenError", `Forbidden access to ${url}`, context.reqId);
  }
  const claims = verifyAccessToken(context, token);
  if (!isReply(claims)) context.exchange.identity = { kind: "infisical-identity", id: claims.identityId };
  return claims;
}
