import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bareNodeRssBytes, matchesAnyProcess, parseCmdline, parseVmHwmBytes, PeakRssSampler } from "../../../bench/memory";

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

describe("matchesAnyProcess", () => {
  const matches = [
    { cmdlineIncludes: "terraform-provider-tokenhooks", cwd: "/work/a" },
    { cmdlineIncludes: "/x/tokenhooks-0/abc/plugin.js --tokenhooks-warm-server", cwd: "/x/tokenhooks-0/abc" },
  ];

  test("a process matches when its command line and working directory fit one match together", () => {
    expect(matchesAnyProcess(matches, "/bin/sh /work/a/terraform-provider-tokenhooks_v0.1.0", () => "/work/a")).toBe(true);
    expect(matchesAnyProcess(matches, "node /x/tokenhooks-0/abc/plugin.js --tokenhooks-warm-server", () => "/x/tokenhooks-0/abc")).toBe(true);
    // The command line of one match with the directory of the other.
    expect(matchesAnyProcess(matches, "node /x/tokenhooks-0/abc/plugin.js --tokenhooks-warm-server", () => "/work/a")).toBe(false);
    // Another user's or run's server: same build, another directory.
    expect(matchesAnyProcess(matches, "node /y/tokenhooks-0/abc/plugin.js --tokenhooks-warm-server", () => "/y/tokenhooks-0/abc")).toBe(false);
  });

  test("reads the working directory only of a process whose command line matches, and a gone one matches nothing", () => {
    const cwdOf = jest.fn(() => "/work/a");
    expect(matchesAnyProcess(matches, "node unrelated.js", cwdOf)).toBe(false);
    expect(cwdOf).not.toHaveBeenCalled();
    expect(matchesAnyProcess(matches, "terraform-provider-tokenhooks", () => undefined)).toBe(false);
  });
});

describe("PeakRssSampler", () => {
  let dir: string;
  /** Another working directory: processes there are not the ones looked for in `dir`. */
  let elsewhere: string;
  let children: ChildProcess[];
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "peak-rss-")));
    elsewhere = realpathSync(mkdtempSync(join(tmpdir(), "peak-rss-elsewhere-")));
    children = [];
  });
  afterEach(() => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
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

  /** What a sampler of `matches` sees over 100 ms. */
  async function peakOver(matches: ConstructorParameters<typeof PeakRssSampler>[0]) {
    const sampler = new PeakRssSampler(matches, 20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return sampler.stop();
  }

  test("finds the processes with the marker in the given directory and keeps the largest peak", async () => {
    await Promise.all([holder("bench-plugin-marker", dir, 64), holder("bench-plugin-marker", dir, 16), holder("bench-plugin-marker", elsewhere, 128), holder("other", dir, 128)]);
    const peak = await peakOver([{ cmdlineIncludes: "bench-plugin-marker", cwd: dir }]);
    expect(peak.processes).toBe(2);
    expect(peak.peakBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(peak.peakBytes).toBeLessThan(128 * 1024 * 1024);
  });

  test("watches every match: launched plugins and a server elsewhere alike, keeping the largest peak", async () => {
    await Promise.all([holder("bench-plugin-marker", dir, 16), holder("bench-server-marker --tokenhooks-warm-server", elsewhere, 64), holder("bench-server-marker", dir, 160)]);
    const peak = await peakOver([
      { cmdlineIncludes: "bench-plugin-marker", cwd: dir },
      { cmdlineIncludes: "bench-server-marker --tokenhooks-warm-server", cwd: elsewhere },
    ]);
    expect(peak.processes).toBe(2);
    expect(peak.peakBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(peak.peakBytes).toBeLessThan(160 * 1024 * 1024);
  });

  test("reports nothing when nothing matched", () => {
    expect(new PeakRssSampler([{ cmdlineIncludes: "no-such-process-marker", cwd: dir }]).stop()).toEqual({ peakBytes: undefined, processes: 0 });
  });
});

describe("bareNodeRssBytes", () => {
  test("is the high-water mark of this node running nothing: tens of MiB, far below a plugin that serves", async () => {
    const floor = await bareNodeRssBytes();
    expect(floor).toBeGreaterThan(10 * 1024 * 1024);
    expect(floor).toBeLessThan(80 * 1024 * 1024);
  });
});
