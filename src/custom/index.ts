/**
 * `cdktf-token-hooks/custom`: write your own Terraform resources in TypeScript. Define a
 * provider's and its resources' schemas with typed attributes, give each resource its hooks
 * (create, read, update, delete, import, validate, modifyPlan), which see typed plain objects,
 * and export the provider from its module: synth bundles that module into the plugin the engine
 * runs. The built-in `tokenhooks` provider is written with the same functions.
 */
export { attribute, types, type Attribute, type AttributeOptions, type Validator, type ElementValue } from "./attribute";
export type { Attributes, State, Config, Applying, Planned, PlanConfig, ProviderConfig, AttributeValue } from "./model";
export { resourceSchema, defineResource, type ResourceSpec, type ResourceHooks, type ResourceOptions, type Resource, type Saved, type PlanChange } from "./define-resource";
export { providerSchema, defineProvider, type ProviderSpec, type ProviderOptions, type Provider } from "./define-provider";
export { DefinitionError } from "./definition-site";
export { AttributeError, PartialStateError, type ResourceContext, type PrivateState, type WalkOutcome } from "../plugin/framework/definition";
export { UNKNOWN as unknown, isUnknown, type Unknown } from "../plugin/cty/values";
export type { ValidationIssue } from "../schema/types";
export type { Logger } from "../plugin/protocol/log";
