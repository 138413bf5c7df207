const REDACTED = "[redacted]";

/**
 * Shortest value worth redacting: masking a two-letter "secret" would mangle ordinary words
 * without protecting anything real.
 */
const MIN_SECRET_LENGTH = 4;

/**
 * Shapes of credentials even when we do not know the value, e.g. another token echoed back:
 * HCP Terraform tokens (`<id>.atlasv1.<secret>`) and JWTs (Infisical access tokens).
 */
const TOKEN_SHAPES = [/[\w-]+\.atlasv1\.[\w.-]+/g, /\beyJ[\w-]*\.[\w-]+\.[\w-]+/g];

/** Masks the given secrets, and anything shaped like a token, in an API-supplied text. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join(REDACTED);
  }
  for (const shape of TOKEN_SHAPES) result = result.replace(shape, REDACTED);
  return result;
}
