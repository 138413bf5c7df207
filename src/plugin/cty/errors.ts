/** One step into a value: an attribute name or map key (string) or an element index (number). */
export type ValuePathStep = string | number;

/**
 * A value that does not fit its type, or bytes that do not encode one. `path` locates the
 * offending part (attribute names and map keys as strings, indices as numbers) so callers can
 * attach it to a diagnostic; `reason` is the message without the path.
 */
export class CtyValueError extends Error {
  constructor(
    readonly path: readonly ValuePathStep[],
    readonly reason: string,
  ) {
    super(path.length === 0 ? reason : `${formatPath(path)}: ${reason}`);
    this.name = "CtyValueError";
  }
}

/** Writes a path the way Terraform prints one: `.tags["env"][0]`; string steps are shown as attribute-or-key. */
export function formatPath(path: readonly ValuePathStep[]): string {
  return path
    .map((step) => (typeof step === "number" ? `[${step}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`))
    .join("");
}
