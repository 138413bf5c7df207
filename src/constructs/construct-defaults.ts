import type { Construct } from "constructs";
import { core, type TerraformMetaArguments } from "./cdk-core";
import { installPluginShim } from "./plugin-shim";

/** Called by the generated provider construct: a stack that uses the provider also ships the plugin. */
export function installPluginForStack(provider: Construct): void {
  installPluginShim(core.TerraformStack.of(provider));
}

/**
 * A multi-API team token (one with a description) rotates without downtime only when the new token
 * exists, and its dependents use it, before the old one is revoked: create-before-destroy. Applied
 * unless the user chose a lifecycle.
 */
export function teamTokenDefaults<T extends TerraformMetaArguments & { readonly description?: string }>(config: T): T {
  if (config.description === undefined || config.lifecycle !== undefined) return config;
  return { ...config, lifecycle: { createBeforeDestroy: true } };
}
