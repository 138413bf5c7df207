import { attribute } from "../custom/attribute";
import { providerSchema as defineProviderSchema } from "../custom/define-provider";
import { hostname, lengthBetween, secureUrl } from "../schema/validators";

/** The `provider "tokenhooks"` block. Every attribute falls back to the ecosystem's environment variable. */
export const providerSchema = defineProviderSchema({
  typeName: "tokenhooks",
  version: 0,
  description:
    "Creates, rotates and revokes HCP Terraform team/organization tokens and Infisical app connections. " +
    "Credentials are read only when a resource that needs them is planned or applied.",
  attributes: {
    // Declaration order is environment precedence (see applyEnvDefaults): TFE_ADDRESS wins over
    // TFE_HOSTNAME as in go-tfe, and Universal Auth over INFISICAL_TOKEN.
    tfe_address: attribute.string({
      optional: true,
      description: "Full base address of HCP Terraform / Terraform Enterprise, as go-tfe's TFE_ADDRESS (e.g. `https://tfe.example.com`). Plain http is accepted only on loopback.",
      env: ["TFE_ADDRESS"],
      validators: [secureUrl],
      conflictsWith: ["tfe_hostname"],
      defaultDescription: "TFE_ADDRESS",
    }),
    tfe_hostname: attribute.string({
      optional: true,
      description: "HCP Terraform / Terraform Enterprise host name, resolved with service discovery (`tfe.v2.2`). Set this or `tfe_address`, not both.",
      env: ["TFE_HOSTNAME"],
      validators: [hostname],
      conflictsWith: ["tfe_address"],
      defaultDescription: "TFE_HOSTNAME, else app.terraform.io",
    }),
    tfe_token: attribute.string({
      optional: true,
      sensitive: true,
      description: "API token used to manage tokens: an owners-team or user token for organization tokens, or a token allowed to manage the team's tokens.",
      env: ["TFE_TOKEN"],
      validators: [lengthBetween(1, 4096)],
      defaultDescription: "TFE_TOKEN",
    }),
    infisical_host: attribute.string({
      optional: true,
      description: "Infisical base URL. Plain http is accepted only on loopback.",
      env: ["INFISICAL_HOST"],
      validators: [secureUrl],
      defaultDescription: "INFISICAL_HOST, else https://app.infisical.com",
    }),
    infisical_client_id: attribute.string({
      optional: true,
      description: "Machine identity Universal Auth client id.",
      env: ["INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"],
      validators: [lengthBetween(1, 256)],
      conflictsWith: ["infisical_token"],
      defaultDescription: "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID",
    }),
    infisical_client_secret: attribute.string({
      optional: true,
      sensitive: true,
      description: "Machine identity Universal Auth client secret.",
      env: ["INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"],
      validators: [lengthBetween(1, 4096)],
      conflictsWith: ["infisical_token"],
      defaultDescription: "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET",
    }),
    infisical_token: attribute.string({
      optional: true,
      sensitive: true,
      description: "A machine identity access token, instead of Universal Auth. Service tokens are not accepted by the app-connection API.",
      env: ["INFISICAL_TOKEN"],
      validators: [lengthBetween(1, 8192)],
      defaultDescription: "INFISICAL_TOKEN",
    }),
  },
});
