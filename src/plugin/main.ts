import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../provider/address";
import { tokenhooksProvider } from "../provider";
import { createProviderPlugin } from "./framework/provider-server";
import { createLogger } from "./protocol/log";
import { servePlugin } from "./protocol/serve";

/**
 * The plugin executable (bundled to `dist/terraform-provider-tokenhooks.js`). The engine starts it
 * several times per command, so this module imports only what serving the provider needs.
 */
const log = createLogger({ module: "provider.tokenhooks" });

const plugin = createProviderPlugin(tokenhooksProvider, { log });

void servePlugin(plugin.handlers, {
  name: tokenhooksProvider.typeName,
  version: PROVIDER_VERSION,
  source: PROVIDER_SOURCE,
  log,
  lifecycle: plugin,
});
