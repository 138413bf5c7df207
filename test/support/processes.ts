import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

/**
 * Finding the provider plugin processes an engine started, through `/proc` (Linux): they run in
 * the engine's working directory, from a relative `.terraform/providers/…` path.
 */

const PLUGIN_EXECUTABLE = "terraform-provider-";

/** Pids of the plugin processes running in `dir`. */
export function pluginProcessesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(PLUGIN_EXECUTABLE)) pids.push(Number(entry));
    } catch {
      // Exited while we looked, or not ours to inspect.
    }
  }
  return pids;
}

/** Resolves once no plugin process runs in `dir`; rejects after `timeoutMs` naming the survivors. */
export async function untilNoPluginIn(dir: string, timeoutMs: number, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = pluginProcessesIn(dir);
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`plugin processes ${left.join(", ")} still running in ${dir} after ${timeoutMs} ms`);
    await delay(pollMs);
  }
}

/** Resolves once `condition` holds; rejects with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs: number, pollMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(pollMs);
  }
}
