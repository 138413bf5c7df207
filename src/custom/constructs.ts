/**
 * `cdktf-token-hooks/custom/constructs`: cdktf/cdktn constructs for providers defined with
 * `cdktf-token-hooks/custom`, without code generation. Kept apart from `cdktf-token-hooks/custom`
 * because it loads cdktf (or cdktn), which the plugin serving the provider must not bundle.
 */
export { providerConstructs, type ProviderConstructOptions, type ProviderConstructs } from "../constructs/defined-constructs";
export type {
  AttributeProps,
  AttributeReferences,
  CamelCase,
  DefinedProviderClass,
  DefinedResource,
  DefinedResourceClass,
  ProviderProps,
  PropValue,
  ReferenceValue,
  ResourceProps,
} from "../constructs/defined-construct-types";
