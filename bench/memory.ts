import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

/**
 * Peak resident memory of short-lived processes, found by command line and working directory: the kernel keeps
 * each process's high-water mark (`VmHWM` in `/proc/<pid>/status`), so sampling only has to see
 * a process once before it exits, not at its peak. Linux only.
 */

/** `VmHWM` of a `/proc/<pid>/status` text, in bytes; `undefined` when the line is missing. */
export function parseVmHwmBytes(status: string): number | undefined {
  const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  return kib === undefined ? undefined : Number(kib) * 1024;
}

/** `/proc/<pid>/cmdline` (NUL-separated arguments) as one space-separated line. */
export function parseCmdline(raw: string): string {
  return raw.replace(/\0+$/, "").replaceAll("\0", " ");
}

/** What a sampler saw: the largest high-water mark of any one matching process, and how many there were. */
export interface PeakRss {
  readonly peakBytes: number | undefined;
  readonly processes: number;
}

/** Which processes a sampler watches. */
export interface ProcessMatch {
  /** A text the command line contains, e.g. the executable's name. */
  readonly cmdlineIncludes: string;
  /** The process's working directory (engines start plugins in their own). */
  readonly cwd: string;
}

/**
 * Whether a process with command line `cmdline` belongs to any of `matches`; `cwdOf` gives its
 * working directory, read only when the command line already matches (it costs a readlink).
 */
export function matchesAnyProcess(matches: readonly ProcessMatch[], cmdline: string, cwdOf: () => string | undefined): boolean {
  const candidates = matches.filter((match) => cmdline.includes(match.cmdlineIncludes));
  if (candidates.length === 0) return false;
  const cwd = cwdOf();
  return candidates.some((match) => match.cwd === cwd);
}

/** Samples the processes of any of `matches` every `intervalMs` until stopped. */
export class PeakRssSampler {
  readonly #peaks = new Map<number, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly matches: readonly ProcessMatch[],
    intervalMs = 100,
  ) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling, after one last sample. */
  stop(): PeakRss {
    clearInterval(this.#timer);
    this.sample();
    const peaks = [...this.#peaks.values()];
    return { peakBytes: peaks.length === 0 ? undefined : Math.max(...peaks), processes: peaks.length };
  }

  private sample(): void {
    for (const pid of findProcesses(this.matches)) {
      const status = readOrUndefined(`/proc/${pid}/status`);
      const hwm = status === undefined ? undefined : parseVmHwmBytes(status);
      if (hwm !== undefined) this.#peaks.set(pid, Math.max(hwm, this.#peaks.get(pid) ?? 0));
    }
  }
}

/** The pids of the processes of any of `matches` that run now. */
export function findProcesses(matches: readonly ProcessMatch[]): number[] {
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    const pid = Number(entry);
    // The process may exit between the listing and the reads.
    const raw = readOrUndefined(`/proc/${pid}/cmdline`);
    return raw !== undefined && matchesAnyProcess(matches, parseCmdline(raw), () => cwdOf(pid)) ? [pid] : [];
  });
}

/** How long the floor's idle node runs before its memory is read: well past its start-up. */
const FLOOR_SETTLE_MS = 500;

/**
 * The floor under any Node.js plugin's memory: the high-water mark of this `node` running nothing
 * (an empty timer), the binary and the runtime a warm server is made of before it loads anything.
 */
export async function bareNodeRssBytes(): Promise<number | undefined> {
  const child = spawn(process.execPath, ["-e", `setTimeout(() => {}, ${FLOOR_SETTLE_MS * 20})`], { stdio: "ignore" });
  try {
    await delay(FLOOR_SETTLE_MS);
    const status = child.pid === undefined ? undefined : readOrUndefined(`/proc/${child.pid}/status`);
    return status === undefined ? undefined : parseVmHwmBytes(status);
  } finally {
    child.kill();
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return undefined;
  }
}

function cwdOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}
