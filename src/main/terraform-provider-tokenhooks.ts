import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../provider/address";
import { serveProvider } from "./serve-provider";
import { tokenhooksProvider } from "./tokenhooks-provider";

/**
 * The plugin executable (bundled to `dist/terraform-provider-tokenhooks.js`), the composition root
 * of the library in `src/plugin` and the provider of `src/provider` and `src/resources`. The
 * engine starts it several times per command, so this module imports only what serving needs.
 */
serveProvider(tokenhooksProvider, { version: PROVIDER_VERSION, source: PROVIDER_SOURCE });
