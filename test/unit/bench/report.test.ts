import type { RequestLogEntry } from "../../../src/emulator";
import { benchTable, coldStartRows, combineApplyRuns, phaseFigures, saturationFigures, type ApplyFigures, type BenchResults } from "../../../bench/report";

function request(seq: number, status: number | null, startedAt: number, finishedAt: number, api: RequestLogEntry["api"] = "tfc"): RequestLogEntry {
  return { seq, api, method: "POST", path: "/api/v2/teams/team-x/authentication-tokens", query: {}, status, startedAt, finishedAt, durationMs: finishedAt - startedAt, identity: null };
}

const applyRun = (applyMs: number, requests: number, peak: number | undefined, succeeded = true, hungLaunches = 0): ApplyFigures => ({
  apply: { wallMs: applyMs, requests, succeeded, hungLaunches },
  destroy: { wallMs: applyMs * 2, requests: requests * 2, succeeded: true, hungLaunches: 0 },
  pluginPeakRssBytes: peak,
  runs: 1,
});

describe("figures from measurements", () => {
  test("a phase counts its requests and succeeds only with exit code 0 and no hung launch", () => {
    expect(phaseFigures({ wallMs: 1234, exitCode: 0, requests: [request(1, 201, 0, 25), request(2, 201, 0, 25)], hungLaunches: 0 })).toEqual({ wallMs: 1234, requests: 2, succeeded: true, hungLaunches: 0 });
    expect(phaseFigures({ wallMs: 1, exitCode: 1, requests: [], hungLaunches: 0 }).succeeded).toBe(false);
    expect(phaseFigures({ wallMs: 90_000, exitCode: 0, requests: [], hungLaunches: 1 })).toEqual({ wallMs: 90_000, requests: 0, succeeded: false, hungLaunches: 1 });
  });

  test("saturation counts 429s apart and rates only accepted API requests over their window", () => {
    const requests = [request(1, 200, 0, 10, "discovery"), request(2, 201, 0, 100), request(3, 429, 100, 110), request(4, 201, 500, 1000)];
    expect(saturationFigures({ wallMs: 5000, requests, hungLaunches: 2 }, 10, 9)).toEqual({ wallMs: 5000, failedCreates: 1, rateLimited: 1, acceptedPerSecond: 2, hungLaunches: 2 });
  });

  test("runs combine into medians, success of all, hung launches summed, and the largest memory peak", () => {
    const combined = combineApplyRuns([applyRun(300, 10, 50, true, 1), applyRun(100, 12, undefined), applyRun(200, 11, 70, false, 2)]);
    expect(combined).toEqual({
      apply: { wallMs: 200, requests: 11, succeeded: false, hungLaunches: 3 },
      destroy: { wallMs: 400, requests: 22, succeeded: true, hungLaunches: 0 },
      pluginPeakRssBytes: 70,
      runs: 3,
    });
    expect(() => combineApplyRuns([])).toThrow("no apply runs to combine");
  });
});

describe("the bench table", () => {
  const results: BenchResults = {
    engine: "terraform 1.11.4",
    tfeLabel: "terraform-provider-tfe 0.71.0",
    latencyMs: 25,
    parallelism: 10,
    coldStart: {
      warmServer: [30, 40, 50],
      firstLaunch: [300, 320, 340],
      idledOut: [240, 250, 260],
      inProcess: [310, 330, 350],
      userProvider: [335, 338, 341],
      bareNode: [90, 100, 110],
      tfe: [100, 100, 100],
    },
    applies: [{ tokens: 200, ours: applyRun(6000, 402, 100 * 1024 * 1024), tfe: applyRun(5000, 406, 50 * 1024 * 1024) }],
    memoryTokens: 200,
    bareNodeRssBytes: 40 * 1024 * 1024,
    saturation: {
      creates: 500,
      limitPerSecond: 30,
      ours: { wallMs: 27_500, failedCreates: 0, rateLimited: 77, acceptedPerSecond: 22.9, hungLaunches: 1 },
      tfe: { wallMs: 30_100, failedCreates: 0, rateLimited: 0, acceptedPerSecond: 17.5, hungLaunches: 0 },
    },
    synth: { constructs: 1000, ours: [{ synthMs: 990, processMs: 2100 }], tfe: [{ synthMs: 660, processMs: 1700 }] },
  };
  /** The cells of the row labelled `label` (cells are two or more spaces apart). */
  const rowOf = (table: string, label: string) => {
    const line = table.split("\n").find((candidate) => candidate.startsWith(`${label}  `));
    return line === undefined ? undefined : [label, ...line.slice(label.length).trim().split(/\s{2,}/)];
  };

  test("shows ours, theirs and ours ÷ theirs on each timed row", () => {
    const table = benchTable(results);
    expect(table.split("\n")[0]).toMatch(/^benchmark +tokenhooks \(ours\) +terraform-provider-tfe 0\.71\.0 +ours \/ tfe$/);
    expect(rowOf(table, "cold start, exec → handshake over pipes, median of 3: warm server")?.slice(1)).toEqual(["40 ms", "100 ms", "0.40×"]);
    expect(rowOf(table, "apply 200 tokens")).toEqual(["apply 200 tokens", "6000 ms", "5000 ms", "1.20×"]);
    expect(rowOf(table, "  requests → lower bound (× 25 ms ÷ 10)")?.slice(1)).toEqual(["402 req → ≥ 1005 ms", "406 req → ≥ 1015 ms"]);
    expect(rowOf(table, "peak RSS, 200-token apply (ours: largest of warm server, launchers)")?.slice(1)).toEqual(["100.0 MiB", "50.0 MiB", "2.00×"]);
    expect(rowOf(table, "  bare node, idle (floor)")?.slice(1)).toEqual(["40.0 MiB", "50.0 MiB", "0.80×"]);
    expect(rowOf(table, "  sustained accepted rate, share of the limit")?.slice(1)).toEqual(["22.9 req/s = 76%", "17.5 req/s = 58%"]);
    expect(rowOf(table, "synth 1000 TeamTokens: construct + App.synth, median of 1")?.slice(1)).toEqual(["990 ms", "660 ms", "1.50×"]);
    expect(rowOf(table, "500 creates at 30 req/s: wall")?.slice(1)).toEqual(["—", "30.1 s", "—"]);
    expect(rowOf(table, "launches hung after the engine was done (ended by the bench; their phases show —)")?.slice(1)).toEqual(["1", "0"]);
    expect(table).toContain("engine: terraform 1.11.4; emulator latency 25 ms, -parallelism=10.");
  });

  test("without terraform-provider-tfe, its column and the ratios are dashes", () => {
    const table = benchTable({
      ...results,
      tfeLabel: "terraform-provider-tfe 0.71.0 (not built)",
      coldStart: { ...results.coldStart, tfe: undefined },
      applies: [{ tokens: 200, ours: results.applies[0].ours }],
      saturation: { ...results.saturation, tfe: undefined },
      synth: { constructs: 1000, ours: results.synth.ours },
    });
    expect(rowOf(table, "  first launch, nothing kept, p90")?.slice(1)).toEqual(["336 ms", "—", "—"]);
    expect(rowOf(table, "  failed creates (must be 0)")).toEqual(["  failed creates (must be 0)", "0", "—"]);
    expect(rowOf(table, "peak RSS, 200-token apply (ours: largest of warm server, launchers)")?.slice(1)).toEqual(["100.0 MiB", "—", "—"]);
  });

  test("cold start: ours warm, first launch and in-process against tfe; the user provider and the first launch against ours in-process", () => {
    const rows = coldStartRows(results.coldStart);
    expect(rows.map((row) => row[0])).toEqual([
      "cold start, exec → handshake over pipes, median of 3: warm server",
      "  warm server, p90",
      "  first launch, nothing kept (fresh XDG_RUNTIME_DIR)",
      "  first launch, nothing kept, p90",
      "  first launch after the server idled out (code cache kept)",
      "  first launch after the server idled out, p90",
      "  in-process (TOKENHOOKS_PLUGIN_SERVER=0, as before)",
      "  first launch, nothing kept − in-process",
      "  first launch after idling out − in-process",
      "  user provider, 1 resource (in-process: not served warm yet)",
      "  user provider − ours in-process",
      "  bare node (floor)",
    ]);
    expect(rows.map((row) => row.slice(1))).toEqual([
      ["40 ms", "100 ms", "0.40×"],
      ["48 ms", "100 ms", "0.48×"],
      ["320 ms", "100 ms", "3.20×"],
      ["336 ms", "100 ms", "3.36×"],
      ["250 ms", "100 ms", "2.50×"],
      ["258 ms", "100 ms", "2.58×"],
      ["330 ms", "100 ms", "3.30×"],
      ["−10.0 ms", "", ""],
      ["−80.0 ms", "", ""],
      ["338 ms", "100 ms", "3.38×"],
      ["+8.0 ms", "", ""],
      ["100 ms", "100 ms", "1.00×"],
    ]);
  });

  test("a failed phase shows no time", () => {
    const failed = applyRun(6000, 402, undefined, false);
    const table = benchTable({ ...results, applies: [{ tokens: 200, ours: failed, tfe: results.applies[0].tfe }] });
    expect(rowOf(table, "apply 200 tokens")).toEqual(["apply 200 tokens", "—", "5000 ms", "—"]);
  });
});
