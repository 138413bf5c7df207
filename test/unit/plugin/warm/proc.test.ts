import { parseProcessStat, processStat } from "../../../../src/plugin/warm/proc";

/** A stat line as the kernel writes it: pid, (comm), then fields 3–22 (state … starttime) and more. */
function statLine(comm: string, state = "S", ppid = 41, startTime = "987654"): string {
  const middle = Array.from({ length: 17 }, (_, index) => String(index + 100)).join(" ");
  return `1234 (${comm}) ${state} ${ppid} ${middle} ${startTime} 18 19 20\n`;
}

describe("parseProcessStat", () => {
  it("reads state, ppid and start time", () => {
    expect(parseProcessStat(statLine("node"))).toEqual({ state: "S", ppid: 41, startTime: "987654" });
  });

  it.each(["tokenhooks server", "a) S 1 2 (b", "((x))", ") "])("is not misled by the command name %j", (comm) => {
    expect(parseProcessStat(statLine(comm, "Z", 7, "55"))).toEqual({ state: "Z", ppid: 7, startTime: "55" });
  });

  it("gives undefined for a truncated line", () => {
    expect(parseProcessStat("1234 (node) S 41 1 2")).toBeUndefined();
  });

  it("reads this process's own stat", () => {
    expect(processStat("self")).toEqual({ state: "R", ppid: process.ppid, startTime: expect.stringMatching(/^\d+$/) });
    expect(processStat(process.pid)?.startTime).toBe(processStat("self")?.startTime);
  });
});
