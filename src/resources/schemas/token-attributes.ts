import { attribute } from "../../custom/attribute";
import { positiveDuration, rfc3339 } from "../../schema/validators";

/**
 * The attributes every HCP Terraform token resource (team, organization, audit trail) shares, so
 * that the three describe and store tokens identically.
 */

/** The computed outputs every token resource has: the token's id, its secret and its creation time. */
export function tokenOutputAttributes(subject: string) {
  return {
    id: attribute.string({ computed: true, description: `The ${subject}'s id in HCP Terraform (\`at-…\`).` }),
    token: attribute.string({
      computed: true,
      sensitive: true,
      description:
        `The ${subject}'s secret. HCP Terraform returns it only when the token is created, so it is null ` +
        "after an import; it is stored in Terraform state, so protect the state accordingly.",
    }),
    created_at: attribute.string({ computed: true, description: `When the ${subject} was created (RFC 3339), as reported by HCP Terraform.` }),
  };
}

/** `expired_at`: optional, defaulted by the API, and fixed for the token's life. */
export function expiredAtAttribute(subject: string) {
  return attribute.string({
    optional: true,
    computed: true,
    requiresReplace: true,
    // Only the format here: "in the future" is checked when a token is planned for creation
    // (expiryInFutureIssues), so an expiry that has since passed never blocks plan or destroy.
    validators: [rfc3339],
    description:
      `When the ${subject} expires (RFC 3339, in the future). HCP Terraform cannot change a token's expiry, ` +
      "so a change replaces the token. When unset, HCP Terraform's default applies (two years after creation) and " +
      "the stored value is the expiry it reports.",
    defaultDescription: "two years after creation (HCP Terraform's default)",
  });
}

/** `force_regenerate` for the singleton tokens (legacy team, organization, audit trail). */
export function forceRegenerateAttribute(subject: string, singletonOwner: string, note = "") {
  return attribute.bool({
    optional: true,
    description:
      `Allow creating the ${subject} when ${singletonOwner} already has one. HCP Terraform keeps one such token ` +
      "and creating another silently revokes the existing one, so by default creation fails instead. It is read " +
      `only when the token is created: changing it never regenerates a token.${note}`,
    defaultDescription: "false",
  });
}

/** The rotation policy attributes: local settings, changed in place without touching the token. */
export const rotationAttributes = {
  rotate_after: attribute.string({
    optional: true,
    validators: [positiveDuration],
    description:
      "Replace the token once it is this old, e.g. `720h` or `90d` (units ns, us, ms, s, m, h, d). Checked at every " +
      "plan against `created_at`, so the plan that finds the token due shows the replacement and why.",
    defaultDescription: "no age limit: the token is replaced only when it expires or is due by `renew_before`",
  }),
  renew_before: attribute.string({
    optional: true,
    validators: [positiveDuration],
    description:
      "Replace the token once its expiry is this close, e.g. `720h`. Checked at every plan against `expired_at`. " +
      "When `expired_at` is set in the configuration a replacement would expire at the same moment, so only a " +
      "warning is given then: move `expired_at` instead.",
    defaultDescription: "no renewal window: a token is replaced once it has expired",
  }),
};
