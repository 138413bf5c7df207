import type { Construct } from "constructs";
import type { IResolvable, ImportableResource, TerraformMetaArguments, TerraformProvider } from "./cdk-core";
import type { SchemaProvider, SchemaResource } from "./schema-construct";
import type { Attributes, AttributeValue, KeysWhere, Simplify } from "../custom/model";

/**
 * The construct classes made from a user's schemas (defined-constructs.ts), typed from the
 * schemas' attributes: props named and made required as the attributes say, getters returning
 * the reference tokens the generated constructs return.
 */

/** `api_token` → `apiToken`, as `propertyName` does at run time (a `_` before a non-letter stays). */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Next}${infer Rest}`
  ? Next extends "_"
    ? `${Head}_${CamelCase<`${Next}${Rest}`>}`
    : `${Head}${Uppercase<Next>}${CamelCase<Rest>}`
  : S;

/** What a prop of value type `V` accepts: the literal, or a token of the same type (strings and numbers are tokens themselves). */
export type PropValue<V> = [V] extends [string]
  ? string
  : [V] extends [number | bigint]
    ? number
    : [V] extends [boolean]
      ? boolean | IResolvable
      : [V] extends [readonly (infer E)[]]
        ? PropValue<E>[] | IResolvable
        : string extends keyof V
          ? { readonly [key: string]: PropValue<V[keyof V]> } | IResolvable
          : { readonly [K in keyof V]?: PropValue<NonNullable<V[K]>> | null } | IResolvable;

/** What a getter of value type `V` returns; mirrors `attributeReference`'s choice at run time. */
export type ReferenceValue<V> = [V] extends [string]
  ? string
  : [V] extends [number | bigint]
    ? number
    : [V] extends [boolean]
      ? IResolvable
      : [V] extends [string[]]
        ? string[]
        : [V] extends [number[]]
          ? number[]
          : string extends keyof V
            ? [V] extends [Record<string, string>]
              ? Record<string, string>
              : [V] extends [Record<string, number>]
                ? Record<string, number>
                : [V] extends [Record<string, boolean>]
                  ? Record<string, boolean>
                  : IResolvable
            : IResolvable;

/** The props of a block's settable attributes, in camelCase: required ones required, optional and defaulted ones optional, computed-only ones absent. */
export type AttributeProps<A extends Attributes> = Simplify<
  { readonly [K in KeysWhere<A, { required: true }> as CamelCase<K>]: PropValue<AttributeValue<A[K]>> } & {
    readonly [K in KeysWhere<A, { optional: true }> as CamelCase<K>]?: PropValue<AttributeValue<A[K]>>;
  }
>;

/** One getter per attribute but the write-only ones, which are never stored and so cannot be referenced. */
export type AttributeReferences<A extends Attributes> = {
  readonly [K in KeysWhere<A, { writeOnly: false }> as CamelCase<K>]: ReferenceValue<AttributeValue<A[K]>>;
};

/** A constructor's config parameter: optional when no attribute is required. */
type ConfigArgument<P> = {} extends P ? [config?: P] : [config: P];

/** The props of a resource construct: its attributes and the meta-arguments (`dependsOn`, `count`, `lifecycle`, ...). */
export type ResourceProps<A extends Attributes> = TerraformMetaArguments & AttributeProps<A>;

/** The props of a provider construct: its attributes and an alias. */
export type ProviderProps<A extends Attributes> = AttributeProps<A> & {
  /**
   * Alias of this provider configuration, for stacks with several.
   * @default - the default configuration
   */
  readonly alias?: string;
};

/** A resource construct made from a schema with attributes `A`. */
export type DefinedResource<A extends Attributes> = SchemaResource & AttributeReferences<A>;

/** The class of {@link DefinedResource}s of one resource type. */
export interface DefinedResourceClass<A extends Attributes> {
  new (scope: Construct, id: string, ...config: ConfigArgument<ResourceProps<A>>): DefinedResource<A>;
  /** The Terraform resource type, used by cdktf's Testing matchers. */
  readonly tfResourceType: string;
  /** Generates construct code for an existing object of this type, given its import id, on the next `cdktf plan`. */
  generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: TerraformProvider): ImportableResource;
}

/** The class of a provider construct made from a provider schema with attributes `A`. */
export interface DefinedProviderClass<A extends Attributes> {
  new (scope: Construct, id: string, ...config: ConfigArgument<ProviderProps<A>>): SchemaProvider;
  /** The Terraform provider type, used by cdktf's Testing matchers. */
  readonly tfResourceType: string;
}
