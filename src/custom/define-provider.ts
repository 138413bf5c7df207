import type { BlockSchema } from "../schema/types";
import type { ProviderDefinition, WalkOutcome } from "../plugin/framework/definition";
import { checkProviderBlock, checkProviderDefinition } from "../plugin/framework/schema-check";
import type { Attributes, ProviderConfig } from "./model";
import type { Resource } from "./define-resource";
import { definitionSite, DefinitionError } from "./definition-site";

/** A provider's name and configuration block. */
export interface ProviderSpec<A extends Attributes = Attributes> extends BlockSchema {
  /** The provider's local name in configuration (`provider "<typeName>" {}`), and the prefix of its resource types. */
  readonly typeName: string;
  readonly attributes: A;
}

/** What {@link defineProvider} takes besides the schema. */
export interface ProviderOptions<Clients, A extends Attributes> {
  /**
   * Builds what the resources' hooks get as `ctx.clients`, once per provider configuration. Values
   * unset in the block come from the attributes' `env` variables. Must not fail for a missing
   * credential: report that when a resource needs it. A value may still be unknown during a plan.
   */
  configure(config: ProviderConfig<A>, meta: { readonly terraformVersion: string }): Clients | Promise<Clients>;
  // Bivariant: each resource is written against the clients it needs, a subset of these.
  readonly resources: readonly Resource<Clients, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Called once as the plugin process ends, after every call has finished; must be quick. */
  finish?(outcome: WalkOutcome): void | Promise<void>;
}

/** A provider ready to serve: the framework's definition, with its typed configuration kept for constructs. */
export interface Provider<Clients, A extends Attributes = Attributes> extends ProviderDefinition<Clients> {
  readonly schema: ProviderSpec<A>;
}

/** Checks a provider's schema where it is written; see {@link resourceSchema}. */
export function providerSchema<const A extends Attributes>(spec: ProviderSpec<A>): ProviderSpec<A> {
  const problems = checkProviderBlock(spec.typeName, spec);
  if (problems.length > 0) throw new DefinitionError(definitionSite(), `provider schema ${spec.typeName}`, problems);
  return spec;
}

/**
 * Defines a provider: its schema, how it builds its clients, and its resources. Throws, naming the
 * calling file, when the definition is invalid (a resource type without the provider's prefix,
 * one defined twice, ...).
 */
export function defineProvider<const S extends ProviderSpec, Clients>(schema: S, options: ProviderOptions<Clients, S["attributes"]>): Provider<Clients, S["attributes"]> {
  const provider: Provider<Clients, S["attributes"]> = {
    typeName: schema.typeName,
    schema,
    configure: (config, meta) => options.configure(config as ProviderConfig<S["attributes"]>, meta),
    resources: options.resources,
    ...(options.finish && { finish: options.finish }),
  };
  const problems = checkProviderDefinition(provider as ProviderDefinition<unknown>);
  if (problems.length > 0) throw new DefinitionError(definitionSite(), `provider ${schema.typeName}`, problems);
  return provider;
}
