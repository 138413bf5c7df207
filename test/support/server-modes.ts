import type { Engine } from "./engines";
import { LONG } from "./variant";

/**
 * How the plugin's launches are served (issue #13): handed to the warm plugin server, as by
 * default, or in-process with `TOKENHOOKS_PLUGIN_SERVER=0`. The reliability suite runs in both.
 */
export interface ServerMode {
  readonly name: "warm server" | "in-process";
  /** Added to the engine's environment, which the plugin inherits. */
  readonly env: Readonly<Record<string, string>>;
}

export const WARM_SERVER: ServerMode = { name: "warm server", env: {} };
export const IN_PROCESS: ServerMode = { name: "in-process", env: { TOKENHOOKS_PLUGIN_SERVER: "0" } };

/**
 * One `describe` per engine of `onEngines` with the warm server, and one with launches served
 * in-process: on the first of them only, every one under `TOKENHOOKS_LONG=1`. Titled
 * `<title> (<engine> <version>, <mode>)`.
 */
export function describeEachServerMode(title: string, onEngines: readonly Engine[], fn: (engine: Engine, mode: ServerMode) => void): void {
  const inProcess = LONG ? onEngines : onEngines.slice(0, 1);
  const rows = [...onEngines.map((engine) => ({ ...engine, mode: WARM_SERVER })), ...inProcess.map((engine) => ({ ...engine, mode: IN_PROCESS }))];
  describe.each(rows.map((row) => ({ ...row, modeName: row.mode.name })))(`${title} ($name $version, $modeName)`, ({ mode, ...engine }) => fn(engine, mode));
}
