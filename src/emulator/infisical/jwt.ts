import { createHmac, timingSafeEqual } from "node:crypto";
import { isRecord } from "../http/exchange";

/** Claims of an Infisical machine-identity access token. */
export interface AccessTokenClaims {
  identityId: string;
  clientSecretId: string;
  identityAccessTokenId: string;
  authTokenType: "identityAccessToken";
  iat: number;
  exp: number;
}

/** Why a JWT was refused, in the `jsonwebtoken` wording Infisical's error handler maps. */
export type JwtFailure = "jwt malformed" | "invalid signature" | "jwt expired";

const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

/** Signs claims as an HS256 JWT. */
export function signJwt(claims: AccessTokenClaims, key: Buffer): string {
  const unsigned = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${signature(unsigned, key)}`;
}

/** Verifies an HS256 JWT against the key and the emulator clock (`nowMs`). */
export function verifyJwt(token: string, key: Buffer, nowMs: number): AccessTokenClaims | JwtFailure {
  const parts = token.split(".");
  if (parts.length !== 3) return "jwt malformed";
  const claims = decodeClaims(parts[1]);
  if (!claims) return "jwt malformed";
  const expected = Buffer.from(signature(`${parts[0]}.${parts[1]}`, key));
  const actual = Buffer.from(parts[2]);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return "invalid signature";
  if (claims.exp * 1000 <= nowMs) return "jwt expired";
  return claims;
}

function decodeClaims(segment: string): AccessTokenClaims | undefined {
  try {
    const claims: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    if (!isRecord(claims) || typeof claims.identityAccessTokenId !== "string" || typeof claims.exp !== "number") return undefined;
    return claims as unknown as AccessTokenClaims;
  } catch {
    return undefined;
  }
}

function signature(unsigned: string, key: Buffer): string {
  return createHmac("sha256", key).update(unsigned).digest("base64url");
}

function base64url(text: string): string {
  return Buffer.from(text).toString("base64url");
}
