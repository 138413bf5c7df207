import { readFileSync, readlinkSync, statSync } from "node:fs";

/**
 * What a warm plugin server reads of a launcher process through `/proc` (Linux): the kernel lets
 * a process read these of its own user's processes only.
 */

/** The fields of `/proc/<pid>/stat` the server uses. */
export interface ProcessStat {
  /** One letter: `R`, `S`, `Z` (exited, not yet reaped), … */
  readonly state: string;
  readonly ppid: number;
  /** Clock ticks after boot: with the pid, names one process even after the pid is reused. */
  readonly startTime: string;
}

/** `/proc/<pid>/stat` (or `self`), or `undefined` once the process is gone. */
export function processStat(pid: number | "self"): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return undefined;
  }
  return parseProcessStat(text);
}

/** Parses a stat line; the command name, in parentheses, may hold spaces and parentheses itself. */
export function parseProcessStat(text: string): ProcessStat | undefined {
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // After the name: state (3), ppid (4), …, starttime (22).
  const [state, ppid, startTime] = [fields[0], fields[1], fields[19]];
  if (state === undefined || ppid === undefined || startTime === undefined) return undefined;
  return { state, ppid: Number(ppid), startTime };
}

/** True when `stat` is of a process that runs (a zombie has exited). */
export function isLive(stat: ProcessStat | undefined): stat is ProcessStat {
  return stat !== undefined && stat.state !== "Z" && stat.state !== "X";
}

/** True while `pid` runs. */
export function isRunning(pid: number): boolean {
  return isLive(processStat(pid));
}

/** The uid owning `pid`, or `undefined` once it is gone. */
export function processOwner(pid: number): number | undefined {
  try {
    return statSync(`/proc/${pid}`).uid;
  } catch {
    return undefined;
  }
}

/** The environment `pid` was started with. */
export function processEnvironment(pid: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")) {
    const equals = entry.indexOf("=");
    if (equals > 0) env[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return env;
}

/** The working directory of `pid`. */
export function processCwd(pid: number): string {
  return readlinkSync(`/proc/${pid}/cwd`);
}
