import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Secrets the tests must never see in output, by a name that is safe to print. */
export type KnownSecrets = ReadonlyMap<string, string>;

interface StateFile {
  resources?: { type: string; name: string; instances: { attributes?: Record<string, unknown>; sensitive_attributes?: unknown[] }[] }[];
}

/** The attribute a `sensitive_attributes` path starts at (`[{type: "get_attr", value: "token"}, …]`). */
function topAttribute(path: unknown): string | undefined {
  const first = Array.isArray(path) ? (path[0] as { type?: string; value?: unknown } | undefined) : undefined;
  return first?.type === "get_attr" && typeof first.value === "string" ? first.value : undefined;
}

/**
 * Every string the engine marked sensitive in the state files `terraform.*.tfstate` of `dir`
 * (cdktf's local backend), by state file, resource address and attribute.
 */
export function sensitiveStateValues(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of readdirSync(dir).filter((name) => /^terraform\..+\.tfstate$/.test(name))) {
    const state = JSON.parse(readFileSync(join(dir, file), "utf8")) as StateFile;
    for (const resource of state.resources ?? []) {
      for (const instance of resource.instances) {
        for (const attribute of (instance.sensitive_attributes ?? []).map(topAttribute)) {
          const value = attribute === undefined ? undefined : instance.attributes?.[attribute];
          if (typeof value === "string" && value !== "") found.set(`${file}: ${resource.type}.${resource.name}.${attribute}`, value);
        }
      }
    }
  }
  return found;
}

/** The names (never the values) of the secrets that occur in `output`. */
export function leakedSecrets(output: string, secrets: KnownSecrets): string[] {
  return [...secrets].filter(([, secret]) => output.includes(secret)).map(([name]) => name);
}
