/**
 * cdktf-token-hooks: constructs for HCP Terraform tokens and Infisical app connections, served by
 * a provider plugin written in TypeScript.
 */
export * from "./constructs/generated";
export { pluginBundlePath, writePluginIntoMirror } from "./constructs/plugin-shim";
export { PROVIDER_SOURCE, PROVIDER_VERSION } from "./provider/address";
