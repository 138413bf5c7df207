import { digestSecret } from "../random";
import type { Router } from "../http/router";
import { isReply, jsonReply, type Reply } from "../http/reply";
import { verifyAccessToken, verifyAccessTokenJwt } from "./authenticate";
import type { InfisicalContext } from "./context";
import { INFISICAL_CONTENT_TYPE, unauthorizedError, validationFailure } from "./errors";
import { signJwt } from "./jwt";
import { ACCESS_TOKEN_MAX_TTL_SECONDS, ACCESS_TOKEN_TTL_SECONDS, type AccessTokenRecord, type MachineIdentity } from "./model";
import { validateAccessTokenBody, validateLogin } from "./schemas";

/** Universal Auth login and access-token renew/revoke (no Authorization header on these). */
export function addAuthRoutes(router: Router<InfisicalContext>): void {
  router
    .add("POST", "/auth/universal-auth/login", login)
    .add("POST", "/auth/token/renew", renew)
    .add("POST", "/auth/token/revoke", revoke);
}

function login(context: InfisicalContext): Reply {
  const input = validateLogin(context.exchange.body.kind === "json" ? context.exchange.body.value : undefined);
  if (!input.ok) return validationFailure(input.issues, context.reqId);
  const identity = context.store.identityByClientId(input.value.clientId);
  if (!identity || digestSecret(input.value.clientSecret) !== identity.clientSecretDigest) {
    return unauthorizedError("Invalid credentials", context.reqId);
  }
  context.exchange.identity = { kind: "infisical-identity", id: identity.id };
  const record = context.store.issueAccessToken(identity);
  return tokenReply(context, identity, record);
}

/** Extends the token by its TTL, never past its max TTL (counted from creation). */
function renew(context: InfisicalContext): Reply {
  const token = accessTokenFromBody(context);
  if (isReply(token)) return token;
  const verified = verifyAccessToken(context, token);
  if (isReply(verified)) return verified;
  const { claims, record } = verified;
  const maxExpiry = record.createdAt + ACCESS_TOKEN_MAX_TTL_SECONDS * 1000;
  if (context.now > maxExpiry) return unauthorizedError("Failed to renew MI access token due to Max TTL expiration", context.reqId);
  if (context.now + ACCESS_TOKEN_TTL_SECONDS * 1000 > maxExpiry) {
    return unauthorizedError("Failed to renew MI access token past its Max TTL expiration", context.reqId);
  }
  record.lastRenewedAt = context.now;
  context.exchange.identity = { kind: "infisical-identity", id: claims.identityId };
  return tokenReply(context, { id: claims.identityId, clientSecretId: claims.clientSecretId }, record);
}

/** Revocation checks the JWT and that the token is not revoked yet, nothing else. */
function revoke(context: InfisicalContext): Reply {
  const token = accessTokenFromBody(context);
  if (isReply(token)) return token;
  const claims = verifyAccessTokenJwt(context, token);
  if (isReply(claims)) return claims;
  const record = context.store.unrevokedAccessToken(claims.identityAccessTokenId);
  if (!record) return unauthorizedError("No identity access token found", context.reqId);
  record.revoked = true;
  return jsonReply(200, { message: "Successfully revoked access token" }, INFISICAL_CONTENT_TYPE);
}

function accessTokenFromBody(context: InfisicalContext): string | Reply {
  const input = validateAccessTokenBody(context.exchange.body.kind === "json" ? context.exchange.body.value : undefined);
  return input.ok ? input.value.accessToken : validationFailure(input.issues, context.reqId);
}

function tokenReply(context: InfisicalContext, identity: Pick<MachineIdentity, "id" | "clientSecretId">, record: AccessTokenRecord): Reply {
  const issuedAt = Math.floor(context.now / 1000);
  const accessToken = signJwt(
    {
      identityId: identity.id,
      clientSecretId: identity.clientSecretId,
      identityAccessTokenId: record.id,
      authTokenType: "identityAccessToken",
      iat: issuedAt,
      exp: issuedAt + ACCESS_TOKEN_TTL_SECONDS,
    },
    context.jwtKey,
  );
  return jsonReply(
    200,
    { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, accessTokenMaxTTL: ACCESS_TOKEN_MAX_TTL_SECONDS, tokenType: "Bearer" },
    INFISICAL_CONTENT_TYPE,
  );
}
