import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../provider/address";
import { runPluginExecutable } from "./plugin-executable";

/**
 * The plugin executable (bundled to `dist/terraform-provider-tokenhooks.js`, behind the shell
 * launcher of `src/plugin/warm`), the composition root of the library in `src/plugin` and the
 * provider of `src/provider` and `src/resources`. The engine starts it several times per command,
 * so the provider is loaded only where a launch is served.
 */
runPluginExecutable({
  identity: { version: PROVIDER_VERSION, source: PROVIDER_SOURCE },
  provider: async () => (await import("./tokenhooks-provider")).tokenhooksProvider,
});
