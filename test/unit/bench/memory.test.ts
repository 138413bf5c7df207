import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCmdline, parseVmHwmBytes, PeakRssSampler } from "../../../bench/memory";

describe("/proc parsing", () => {
  test("VmHWM is the high-water mark in bytes", () => {
    const status = "Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t   98304 kB\nVmRSS:\t   90000 kB\n";
    expect(parseVmHwmBytes(status)).toBe(98304 * 1024);
    expect(parseVmHwmBytes("Name:\tkthreadd\n")).toBeUndefined();
  });

  test("a command line's NUL-separated arguments join with spaces", () => {
    expect(parseCmdline("node\0/tmp/x/terraform-provider-tokenhooks_v0.1.0\0")).toBe("node /tmp/x/terraform-provider-tokenhooks_v0.1.0");
  });
});

describe("PeakRssSampler", () => {
  let dir: string;
  let children: ChildProcess[];
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "peak-rss-")));
    children = [];
  });
  afterEach(() => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  /** A node process that holds about `megabytes` of memory until killed. */
  function holder(marker: string, cwd: string, megabytes: number): Promise<void> {
    const child = spawn(process.execPath, ["-e", `globalThis.kept = Buffer.alloc(${megabytes} * 1024 * 1024, 1); console.log("ready"); setInterval(() => {}, 1000);`, marker], {
      cwd,
      stdio: ["ignore", "pipe", "ignore"],
    });
    children.push(child);
    return new Promise((resolve) => child.stdout!.once("data", () => resolve()));
  }

  test("finds the processes with the marker in the given directory and keeps the largest peak", async () => {
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), "peak-rss-elsewhere-")));
    try {
      await Promise.all([holder("bench-plugin-marker", dir, 64), holder("bench-plugin-marker", dir, 16), holder("bench-plugin-marker", elsewhere, 128), holder("other", dir, 128)]);
      const sampler = new PeakRssSampler({ cmdlineIncludes: "bench-plugin-marker", cwd: dir }, 20);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const peak = sampler.stop();
      expect(peak.processes).toBe(2);
      expect(peak.peakBytes).toBeGreaterThan(64 * 1024 * 1024);
      expect(peak.peakBytes).toBeLessThan(128 * 1024 * 1024);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test("reports nothing when nothing matched", () => {
    expect(new PeakRssSampler({ cmdlineIncludes: "no-such-process-marker", cwd: dir }).stop()).toEqual({ peakBytes: undefined, processes: 0 });
  });
});
