import type { ProviderDefinition } from "../plugin/framework/definition";
import { serveProvider } from "./serve-provider";

/**
 * The runtime of a plugin packaged at synth from a user's provider module (see
 * `src/constructs/user-plugin-bundle.ts`): the generated entry claims stdout, loads the user's
 * module, then calls {@link serveProviderModule}.
 */
export { claimStdout } from "../plugin/protocol/serve";

/**
 * Serves the provider named `typeName` that `moduleExports` (a user's module) exports, as its
 * default export or under any name. Throws, naming `entry`, when the module exports no such provider.
 */
export function serveProviderModule(moduleExports: Record<string, unknown>, typeName: string, entry: string, source: string): void {
  const provider = Object.values(moduleExports).find((value): value is ProviderDefinition<unknown> => isProviderNamed(value, typeName));
  if (!provider) throw new Error(`${entry} exports no provider ${typeName} (the result of defineProvider)`);
  void serveProvider(provider, { source });
}

function isProviderNamed(value: unknown, typeName: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<ProviderDefinition<unknown>>;
  return candidate.typeName === typeName && Array.isArray(candidate.resources) && typeof candidate.configure === "function";
}
