/** A zod issue as Infisical returns it in a 422's `message` array. */
export interface ZodIssue {
  code: string;
  path: (string | number)[];
  message: string;
  [detail: string]: unknown;
}

/** zod's name for a value's type, as in `Expected string, received number`. */
function typeName(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** `invalid_type`, with zod's "Required" message for a missing value. */
export function invalidType(path: ZodIssue["path"], expected: string, value: unknown): ZodIssue {
  const received = typeName(value);
  return { code: "invalid_type", expected, received, path, message: value === undefined ? "Required" : `Expected ${expected}, received ${received}` };
}

/** `too_small` for a string. */
export function tooSmall(path: ZodIssue["path"], minimum: number, message: string): ZodIssue {
  return { code: "too_small", minimum, type: "string", inclusive: true, exact: false, message, path };
}

/** `too_big` for a string. */
export function tooBig(path: ZodIssue["path"], maximum: number, message: string): ZodIssue {
  return { code: "too_big", maximum, type: "string", inclusive: true, exact: false, message, path };
}

/** `z.string().startsWith(prefix, message)` failure. */
export function invalidStartsWith(path: ZodIssue["path"], prefix: string, message: string): ZodIssue {
  return { validation: { startsWith: prefix }, code: "invalid_string", message, path };
}

/** A refinement failure. */
export function custom(path: ZodIssue["path"], message: string): ZodIssue {
  return { code: "custom", message, path };
}

/** A discriminated union given an unknown discriminator value. */
export function invalidDiscriminator(path: ZodIssue["path"], options: readonly string[]): ZodIssue {
  return {
    code: "invalid_union_discriminator",
    options: [...options],
    path,
    message: `Invalid discriminator value. Expected ${options.map((option) => `'${option}'`).join(" | ")}`,
  };
}

/** A literal mismatch with a custom message. */
export function invalidLiteral(path: ZodIssue["path"], expected: unknown, received: unknown, message: string): ZodIssue {
  return { code: "invalid_literal", expected, received, path, message };
}

/** No member of a union matched. */
export function invalidUnion(path: ZodIssue["path"]): ZodIssue {
  return { code: "invalid_union", path, message: "Invalid input" };
}

/** `z.string().uuid()` failure. */
export function invalidUuid(path: ZodIssue["path"]): ZodIssue {
  return { validation: "uuid", code: "invalid_string", message: "Invalid uuid", path };
}

/** Rules for {@link checkString}. */
export interface StringRules {
  optional?: boolean;
  nullable?: boolean;
  min?: { length: number; message: string };
  max?: { length: number; message: string };
  startsWith?: { prefix: string; message: string };
  /** Refinements run even after a length failure, as zod's do. */
  refine?: { test: (value: string) => boolean; message: string };
}

/**
 * zod's `z.string().trim()` plus length and prefix checks and a refinement: pushes issues and returns the
 * trimmed value (or null/undefined when allowed and given).
 */
export function checkString(value: unknown, path: ZodIssue["path"], rules: StringRules, issues: ZodIssue[]): string | null | undefined {
  if (value === undefined && rules.optional) return undefined;
  if (value === null && rules.nullable) return null;
  if (typeof value !== "string") {
    issues.push(invalidType(path, "string", value));
    return undefined;
  }
  const trimmed = value.trim();
  if (rules.min && trimmed.length < rules.min.length) issues.push(tooSmall(path, rules.min.length, rules.min.message));
  if (rules.max && trimmed.length > rules.max.length) issues.push(tooBig(path, rules.max.length, rules.max.message));
  if (rules.startsWith && !trimmed.startsWith(rules.startsWith.prefix)) issues.push(invalidStartsWith(path, rules.startsWith.prefix, rules.startsWith.message));
  if (rules.refine && !rules.refine.test(trimmed)) issues.push(custom(path, rules.refine.message));
  return trimmed;
}
