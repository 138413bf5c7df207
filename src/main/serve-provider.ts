import type { ProviderDefinition } from "../plugin/framework/definition";
import { createProviderPlugin } from "../plugin/framework/provider-server";
import { createLogger } from "../plugin/protocol/log";
import { servePlugin, type PluginHost } from "../plugin/protocol/serve";

/** How a plugin executable introduces itself when run by hand. */
export interface ServedProviderIdentity {
  /** Omitted by a plugin whose version is derived from its own bytes. */
  readonly version?: string;
  /** `hostname/namespace/type`. */
  readonly source: string;
}

/**
 * Serves `provider` over the plugin protocol from this process, with the framework of
 * `src/plugin`: the body of every plugin executable, the built-in one and those packaged from a
 * user's module. Logs go to stderr as module `provider.<type>`. Serves the launch `host` stands
 * for, by default this process as the engine started it; resolves once the handshake is written.
 */
export function serveProvider<Clients>(provider: ProviderDefinition<Clients>, identity: ServedProviderIdentity, host?: PluginHost): Promise<void> {
  const log = createLogger({ module: `provider.${provider.typeName}` });
  const plugin = createProviderPlugin(provider, { log });
  return servePlugin(plugin.handlers, { name: provider.typeName, version: identity.version, source: identity.source, log, lifecycle: plugin, host });
}
