import { createProviderPlugin } from "../plugin/framework/provider-server";
import { createLogger } from "../plugin/protocol/log";
import { servePlugin } from "../plugin/protocol/serve";
import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../provider/address";
import { tokenhooksProvider } from "./tokenhooks-provider";

/**
 * The plugin executable (bundled to `dist/terraform-provider-tokenhooks.js`), the composition root
 * of the library in `src/plugin` and the provider of `src/provider` and `src/resources`. The
 * engine starts it several times per command, so this module imports only what serving needs.
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
