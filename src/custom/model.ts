import type { Unknown } from "../plugin/cty/values";
import type { Attribute, AttributeFlags } from "./attribute";

/**
 * The typed objects hooks see, inferred from a resource's attributes:
 * - {@link State}: what is stored, every attribute but the write-only ones, all known;
 * - {@link Config}: what the configuration sets at apply, write-only ones included, all known;
 * - {@link Applying}: the plan being applied: configured values, and the computed ones the plan
 *   already knows (the others are absent: the hook provides them);
 * - {@link Planned} and {@link PlanConfig}: the same at plan time, where any value may still be
 *   {@link Unknown} (known after apply), the only place that marker appears.
 */

/** A resource's or provider's attributes by name, each from an `attribute.*` builder. */
export type Attributes = { readonly [name: string]: Attribute<unknown> };

type ValueOf<A> = A extends Attribute<infer V, AttributeFlags> ? V : never;
type FlagsOf<A> = A extends Attribute<unknown, infer F> ? F : never;
/** The names of the attributes of `A` whose flags match `Condition`. */
export type KeysWhere<A extends Attributes, Condition> = { [K in keyof A]: FlagsOf<A[K]> extends Condition ? K : never }[keyof A] & string;

type RequiredKeys<A extends Attributes> = KeysWhere<A, { required: true; writeOnly: false }>;
type DefaultedKeys<A extends Attributes> = KeysWhere<A, { hasDefault: true }>;
type OptionalKeys<A extends Attributes> = KeysWhere<A, { optional: true; computed: false; writeOnly: false }>;
type OptionalComputedKeys<A extends Attributes> = KeysWhere<A, { optional: true; computed: true; hasDefault: false }>;
type ComputedOnlyKeys<A extends Attributes> = KeysWhere<A, { computed: true; optional: false }>;
type RequiredWriteOnlyKeys<A extends Attributes> = KeysWhere<A, { writeOnly: true; required: true }>;
type OptionalWriteOnlyKeys<A extends Attributes> = KeysWhere<A, { writeOnly: true; required: false }>;

/** `T` with its intersections flattened into one object type, as editors then show it. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Known<A extends Attributes, K extends keyof A> = { readonly [P in K]: ValueOf<A[P]> };
type Nullable<A extends Attributes, K extends keyof A> = { readonly [P in K]: ValueOf<A[P]> | null };
type MaybeUnknown<T> = { readonly [K in keyof T]: T[K] | Unknown };

/** A stored object: every attribute except write-only ones; optional and computed ones may be null. */
export type State<A extends Attributes> = Simplify<
  Known<A, RequiredKeys<A> | DefaultedKeys<A>> & Nullable<A, OptionalKeys<A> | OptionalComputedKeys<A> | ComputedOnlyKeys<A>>
>;

/** The configuration at apply: what the user set (null when unset), write-only values included, computed-only outputs not. */
export type Config<A extends Attributes> = Simplify<
  Known<A, RequiredKeys<A> | DefaultedKeys<A> | RequiredWriteOnlyKeys<A>> & Nullable<A, OptionalKeys<A> | OptionalComputedKeys<A> | OptionalWriteOnlyKeys<A>>
>;

/** The plan being applied: configured values, plus the computed values the plan already knows. */
export type Applying<A extends Attributes> = Simplify<
  Known<A, RequiredKeys<A> | DefaultedKeys<A>> &
    Nullable<A, OptionalKeys<A>> & { readonly [P in OptionalComputedKeys<A> | ComputedOnlyKeys<A>]?: ValueOf<A[P]> | null }
>;

/** A planned object at plan time: like {@link State}, but any value may be {@link Unknown}. */
export type Planned<A extends Attributes> = Simplify<MaybeUnknown<State<A>>>;

/** The configuration at plan time: like {@link Config}, but any value may be {@link Unknown}. */
export type PlanConfig<A extends Attributes> = Simplify<MaybeUnknown<Config<A>>>;

/** The provider configuration `configure` receives: every attribute, null when unset, possibly {@link Unknown}. */
export type ProviderConfig<A extends Attributes> = Simplify<{ readonly [K in keyof A]: ValueOf<A[K]> | null | Unknown }>;

/** The value type of one attribute, for helpers that take a single value. */
export type AttributeValue<A> = ValueOf<A>;
