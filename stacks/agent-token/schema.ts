// In your own app, import from "cdktf-token-hooks/custom".
import { attribute, providerSchema, resourceSchema } from "../../src/custom";

/** Plain http would send the API token in clear, so it is accepted only on loopback (a local emulator). */
const httpsOrLoopback = (value: string) =>
  /^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$))/.test(value) ? undefined : `must be an https:// URL (plain http:// only on loopback), got "${value}"`;

/** The `tfcagents` provider: HCP Terraform agent pools and agent tokens, which `tokenhooks` does not ship. */
export const tfcAgentsProviderSchema = providerSchema({
  typeName: "tfcagents",
  version: 0,
  description: "HCP Terraform / Terraform Enterprise agent pools and agent tokens.",
  attributes: {
    hostname: attribute.string({
      optional: true,
      env: ["TFE_HOSTNAME"],
      conflictsWith: ["address"],
      description: "HCP Terraform / Terraform Enterprise host name; the API is at https://<hostname>/api/v2.",
      defaultDescription: "TFE_HOSTNAME, else app.terraform.io",
    }),
    address: attribute.string({
      optional: true,
      env: ["TFE_ADDRESS"],
      conflictsWith: ["hostname"],
      validators: [httpsOrLoopback],
      description: "Instead of `hostname`, the full base URL, e.g. `https://tfe.example.com`.",
      defaultDescription: "TFE_ADDRESS",
    }),
    token: attribute.string({
      optional: true,
      sensitive: true,
      env: ["TFE_TOKEN"],
      description: "An API token allowed to manage the organization's agent pools.",
      defaultDescription: "TFE_TOKEN",
    }),
  },
});

export const agentPoolSchema = resourceSchema({
  typeName: "tfcagents_pool",
  version: 0,
  description: "An organization-scoped agent pool. Deleting it revokes its agent tokens.",
  attributes: {
    id: attribute.string({ computed: true, description: "The pool's id (apool-...)." }),
    organization: attribute.string({ required: true, requiresReplace: true, description: "The organization that owns the pool." }),
    name: attribute.string({ required: true, description: "The pool's name, unique in the organization; renamed in place." }),
    created_at: attribute.string({ computed: true, description: "When the pool was created (RFC 3339)." }),
  },
});

export const agentTokenSchema = resourceSchema({
  typeName: "tfcagents_token",
  version: 0,
  // Agent tokens cannot be changed: every configurable attribute replaces the token.
  description: "An agent token of one pool, which an HCP Terraform agent authenticates with. Import it as `<agent_pool_id>/<token id>`.",
  attributes: {
    id: attribute.string({ computed: true, description: "The token's id (at-...)." }),
    agent_pool_id: attribute.string({
      required: true,
      requiresReplace: true,
      validators: [(value) => (/^apool-[A-Za-z0-9]+$/.test(value) ? undefined : `must be an agent pool id (apool-...), got "${value}"`)],
      description: "The pool the token belongs to.",
    }),
    description: attribute.string({
      required: true,
      requiresReplace: true,
      validators: [(value) => (value.trim() === "" ? "must not be blank" : undefined)],
      description: "What the token is for.",
    }),
    token: attribute.string({ computed: true, sensitive: true, description: "The secret; the API returns it only at creation, so it is null after an import." }),
    created_at: attribute.string({ computed: true, description: "When the token was created (RFC 3339)." }),
    last_used_at: attribute.string({ computed: true, description: "When an agent last used the token (RFC 3339); null if never." }),
  },
});
