import type { CtyType } from "./cty-type";

/**
 * What a validator says about one attribute value. Returned, never thrown, so that one `validate`
 * reports every problem at once.
 */
export interface ValidationIssue {
  /** Attribute path from the block root, e.g. `["expired_at"]`. */
  readonly path: readonly (string | number)[];
  /** One line: what is wrong. */
  readonly summary: string;
  /** Longer explanation, including what would be accepted. */
  readonly detail?: string;
  /** Defaults to an error. */
  readonly severity?: "error" | "warning";
}

/**
 * Checks one known, non-null attribute value. Returns a message (what is wrong and what is
 * expected) or undefined when the value is fine. Never makes an API call.
 */
export type AttributeValidator = (value: unknown) => string | undefined;

/** One attribute of a resource or of the provider configuration. */
export interface AttributeSchema {
  readonly type: CtyType;
  /** Shown by `providers schema -json` and used as the construct property's TSDoc. */
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  /** Terraform >= 1.11 write-only attribute: in config, never in plan or state. */
  readonly writeOnly?: boolean;
  /** A change to this attribute replaces the resource. */
  readonly requiresReplace?: boolean;
  /** Deprecation message; the attribute is deprecated when set. */
  readonly deprecated?: string;
  readonly validators?: readonly AttributeValidator[];
  /** Attributes that may not be set together with this one. */
  readonly conflictsWith?: readonly string[];
  /** Provider configuration only: environment variables read, in order, when the attribute is null. */
  readonly env?: readonly string[];
  /**
   * The value planned when the configuration leaves the attribute unset (the attribute is then
   * optional and computed). In the form the engine uses: strings, numbers, booleans, arrays, objects.
   */
  readonly default?: unknown;
  /** A number attribute whose hooks see a `bigint` (whole numbers of any size) instead of a JS `number`. */
  readonly bigint?: boolean;
  /** Human-readable default for docs (`@default` in TSDoc). */
  readonly defaultDescription?: string;
}

/** The attributes of a resource, or of the provider block. */
export interface BlockSchema {
  /** Schema version; bump it and handle the old shape in `upgradeState` when state shape changes. */
  readonly version: number;
  readonly description: string;
  readonly attributes: { readonly [name: string]: AttributeSchema };
}

/** A managed resource type served by the plugin and wrapped by a construct. */
export interface ResourceSchema extends BlockSchema {
  /** Full Terraform type name, e.g. `tokenhooks_team_token`. */
  readonly typeName: string;
}
