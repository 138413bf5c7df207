import { attribute, providerSchema, resourceSchema, types } from "../../src/custom";

/** A user-defined provider with two resource types, shared by the construct type fixtures and tests. */
export const acmeSchema = providerSchema({
  typeName: "acme",
  version: 0,
  description: "The acme provider.",
  attributes: {
    api_url: attribute.string({ required: true, description: "API base URL.", validators: [(url) => (url.startsWith("https://") ? undefined : "must start with https://")] }),
    api_token: attribute.string({ optional: true, sensitive: true, env: ["ACME_TOKEN"], description: "API token.", defaultDescription: "ACME_TOKEN" }),
  },
});

export const widgetSchema = resourceSchema({
  typeName: "acme_widget",
  version: 0,
  description: "A widget.",
  attributes: {
    id: attribute.string({ computed: true, description: "Id." }),
    display_name: attribute.string({
      required: true,
      requiresReplace: true,
      description: "Name.",
      validators: [(name) => (/^[a-z-]+$/.test(name) ? undefined : "must be lowercase letters and dashes")],
    }),
    max_size: attribute.bigint({ optional: true, description: "Size limit.", defaultDescription: "unlimited", validators: [(size) => (size > 0n ? undefined : "must be positive")] }),
    enabled: attribute.bool({ default: true, description: "Enabled." }),
    tags: attribute.list(types.string, { optional: true, description: "Tags.", defaultDescription: "none" }),
    ports: attribute.set(types.number, { optional: true, description: "Ports.", defaultDescription: "none" }),
    labels: attribute.map(types.string, { optional: true, description: "Labels.", defaultDescription: "none" }),
    admin_password: attribute.string({ optional: true, writeOnly: true, sensitive: true, description: "Write-only password.", defaultDescription: "none" }),
    region: attribute.string({ optional: true, computed: true, description: "Region; the provider picks one when unset." }),
    endpoint: attribute.object({ host: types.string, port: types.number }, { computed: true, description: "Endpoint." }),
    created_at: attribute.string({ computed: true, description: "Creation time." }),
  },
});

export const gadgetSchema = resourceSchema({
  typeName: "acme_gadget",
  version: 0,
  description: "A gadget attached to a widget.",
  attributes: {
    id: attribute.string({ computed: true, description: "Id." }),
    widget_id: attribute.string({ required: true, requiresReplace: true, description: "The widget's id." }),
    weight: attribute.number({ required: true, requiresReplace: true, description: "Weight in grams." }),
  },
});
