import type * as Undici from "undici";

/**
 * The part of undici the plugin sends with: dispatchers, the global dispatcher, the connector and
 * `request`, taken from undici's own modules. undici's index also loads fetch, WebSocket,
 * EventSource, its caches and its mocks, which the plugin never uses: running the index took
 * 50–75 ms of the 130 ms a warm server's worker needs to get ready, this part 20–30 ms. The plugin
 * bundle defers this module (scripts/bundle.mjs), so a launch that calls no API never loads it.
 */

// undici's modules, typed with the declarations of its index.
export const Agent: typeof Undici.Agent = require("undici/lib/dispatcher/agent");
export const buildConnector: typeof Undici.buildConnector = require("undici/lib/core/connect");
const globalDispatcher: Pick<typeof Undici, "getGlobalDispatcher" | "setGlobalDispatcher"> = require("undici/lib/global");
const requestWith: (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData> = require("undici/lib/api/api-request");

export const { getGlobalDispatcher, setGlobalDispatcher } = globalDispatcher;

/** Sends one request through `dispatcher`, as undici's `request` does (`Dispatcher.request`). */
export function request(dispatcher: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  return requestWith.call(dispatcher, options);
}
