import type { CtyType } from "../schema/cty-type";
import type { AttributeSchema } from "../schema/types";
import { toWireValue, fromWireValue } from "./wire-form";

/**
 * Typed attribute builders. Each returns the plain {@link AttributeSchema} the plugin serves,
 * carrying at the type level the JS type hooks see and the flags that decide where the attribute
 * appears (state, configuration, plan), so that hooks and constructs are typed from the schema.
 */

declare const attributeType: unique symbol;

/** How an attribute is set: the flags that decide which typed objects it appears in. */
export interface AttributeFlags {
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly writeOnly: boolean;
  readonly hasDefault: boolean;
}

/** An attribute whose hooks see values of type `V`, set as `F` says. */
export interface Attribute<V, F extends AttributeFlags = AttributeFlags> extends AttributeSchema {
  /** Type-level only: never present at run time. */
  readonly [attributeType]?: { readonly value: V; readonly flags: F };
}

/** Checks one known, non-null value; returns what is wrong (and what would be accepted), or undefined. */
export type Validator<V> = (value: V) => string | undefined;

/** What every builder accepts. Exactly one of `required`, `optional`, `computed` or `default` says how it is set. */
export interface AttributeOptions<V> {
  /** Shown by `terraform providers schema` and as the construct property's documentation. */
  readonly description: string;
  /** The configuration must set it. */
  readonly required?: boolean;
  /** The configuration may set it; with `computed`, the provider chooses when it does not. */
  readonly optional?: boolean;
  /** The provider sets it (alone: an output the configuration cannot set). */
  readonly computed?: boolean;
  /** The value planned when the configuration leaves it unset; makes the attribute optional. */
  readonly default?: V;
  /** The engine redacts it in plans and output (it is still stored in state). */
  readonly sensitive?: boolean;
  /** Terraform ≥ 1.11 write-only: hooks see it in `config` at apply only; never planned or stored. */
  readonly writeOnly?: boolean;
  /** A change replaces the resource instead of updating it in place. */
  readonly requiresReplace?: boolean;
  /** Deprecation message; setting the attribute then warns. */
  readonly deprecated?: string;
  /** Run on known, non-null values at validate time and on literal construct props at synth. */
  readonly validators?: readonly Validator<V>[];
  /** Attributes that may not be set together with this one. */
  readonly conflictsWith?: readonly string[];
  /** Provider configuration only: environment variables read, in order, when the attribute is unset. */
  readonly env?: readonly string[];
  /** Human-readable default for the construct docs when `default` cannot say it (e.g. an API's default). */
  readonly defaultDescription?: string;
}

/** The flags a literal options object sets. */
type FlagsOf<O> = {
  readonly required: O extends { readonly required: true } ? true : false;
  readonly optional: O extends { readonly optional: true } ? true : O extends { readonly default: unknown } ? true : false;
  readonly computed: O extends { readonly computed: true } ? true : O extends { readonly default: unknown } ? true : false;
  readonly writeOnly: O extends { readonly writeOnly: true } ? true : false;
  readonly hasDefault: O extends { readonly default: unknown } ? true : false;
};

/** The JS value of a cty element type, as hooks see it: lists and sets are arrays, maps records, objects' attributes nullable. */
export type ElementValue<T> = T extends "string"
  ? string
  : T extends "number"
    ? number
    : T extends "bool"
      ? boolean
      : T extends readonly ["list" | "set", infer E]
        ? ElementValue<E>[]
        : T extends readonly ["map", infer E]
          ? Record<string, ElementValue<E>>
          : T extends readonly ["object", infer F]
            ? { [K in keyof F]: ElementValue<F[K]> | null }
            : never;

function build<V, const O extends AttributeOptions<V>>(type: CtyType, options: O, extra: Partial<AttributeSchema> = {}): Attribute<V, FlagsOf<O>> {
  const { default: defaultValue, validators, ...flags } = options;
  const schema: AttributeSchema = { ...flags, ...extra, type };
  const typed = (value: unknown) => fromWireValue(value, schema, []) as V;
  return {
    ...schema,
    // Validators see the typed form (a bigint, not the engine's number) whatever the caller holds.
    ...(validators ? { validators: validators.map((check) => (value: unknown) => check(typed(value))) } : {}),
    ...(defaultValue === undefined ? {} : { optional: true, computed: true, default: toWireValue(defaultValue, schema, []) }),
  };
}

/** Builders of typed attributes: `attribute.string({ required: true, description: "…" })`. */
export const attribute = {
  string: <const O extends AttributeOptions<string>>(options: O) => build<string, O>("string", options),
  /** A cty number seen as a JS `number`; a value a `number` cannot hold exactly (an integer beyond 2^53) is refused, naming the attribute. */
  number: <const O extends AttributeOptions<number>>(options: O) => build<number, O>("number", options),
  /** A cty number seen as a `bigint`: whole numbers of any size; a fraction is refused, naming the attribute. */
  bigint: <const O extends AttributeOptions<bigint>>(options: O) => build<bigint, O>("number", options, { bigint: true }),
  bool: <const O extends AttributeOptions<boolean>>(options: O) => build<boolean, O>("bool", options),
  /** An ordered list of `element` (a type from `types`). */
  list: <const T extends CtyType, const O extends AttributeOptions<ElementValue<T>[]>>(element: T, options: O) => build<ElementValue<T>[], O>(["list", element], options),
  /** An unordered set of `element`; hooks see an array. */
  set: <const T extends CtyType, const O extends AttributeOptions<ElementValue<T>[]>>(element: T, options: O) => build<ElementValue<T>[], O>(["set", element], options),
  /** A map from string keys to `element`. */
  map: <const T extends CtyType, const O extends AttributeOptions<Record<string, ElementValue<T>>>>(element: T, options: O) =>
    build<Record<string, ElementValue<T>>, O>(["map", element], options),
  /** A nested object with the given attribute types; each may be null. */
  object: <const F extends { readonly [name: string]: CtyType }, const O extends AttributeOptions<ElementValue<readonly ["object", F]>>>(fields: F, options: O) =>
    build<ElementValue<readonly ["object", F]>, O>(["object", fields], options),
} as const;

/** Element types for `attribute.list`, `set`, `map` and `object`: `types.string`, `types.list(types.number)`, ... */
export { cty as types } from "../schema/cty-type";
