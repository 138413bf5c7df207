import { formatBytes, formatCount, formatDifference, formatDuration, formatFraction, formatRatio, NOT_MEASURED, renderTable } from "../../../bench/table";

describe("renderTable", () => {
  test("pads each column to its widest cell, right-aligns where asked, rules under the headings", () => {
    const table = renderTable(
      [
        { heading: "benchmark", align: "left" },
        { heading: "ours", align: "right" },
      ],
      [
        ["cold start", "480 ms"],
        ["apply 200 tokens", "12.3 s"],
      ],
    );
    expect(table.split("\n")).toEqual([
      "benchmark           ours", //
      "----------------  ------",
      "cold start        480 ms",
      "apply 200 tokens  12.3 s",
    ]);
  });

  test("trims trailing spaces of a left-aligned last column", () => {
    const table = renderTable(
      [
        { heading: "a", align: "left" },
        { heading: "notes", align: "left" },
      ],
      [["x", ""]],
    );
    expect(table.split("\n")[2]).toBe("x");
  });

  test("refuses a row with the wrong number of cells", () => {
    expect(() => renderTable([{ heading: "a", align: "left" }], [["1", "2"]])).toThrow("a row has 2 cells for 1 columns: 1 | 2");
  });
});

describe("formatters", () => {
  test("durations: milliseconds below ten seconds, seconds from there", () => {
    expect(formatDuration(480.4)).toBe("480 ms");
    expect(formatDuration(9_999)).toBe("9999 ms");
    expect(formatDuration(12_345)).toBe("12.3 s");
  });

  test("ratios, bytes, fractions and counts", () => {
    expect(formatRatio(2.095)).toBe("2.10×");
    expect(formatBytes(108.6 * 1024 * 1024)).toBe("108.6 MiB");
    expect(formatFraction(0.764)).toBe("76%");
    expect(formatCount(0)).toBe("0");
  });

  test("anything not measured shows as a dash", () => {
    for (const format of [formatDuration, formatRatio, formatBytes, formatFraction, formatCount]) expect(format(undefined)).toBe(NOT_MEASURED);
  });
});

describe("formatDifference", () => {
  test("signs the difference, with a true minus, to a tenth of a millisecond", () => {
    expect(formatDifference(3.24)).toBe("+3.2 ms");
    expect(formatDifference(-0.76)).toBe("−0.8 ms");
    expect(formatDifference(0)).toBe("+0.0 ms");
    expect(formatDifference(-0.04)).toBe("+0.0 ms");
  });
});
