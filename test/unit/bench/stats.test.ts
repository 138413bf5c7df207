import fc from "fast-check";
import { median, percentile, ratio, summarize } from "../../../bench/stats";

describe("percentile", () => {
  test("interpolates between the closest ranks", () => {
    const oneToTen = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(oneToTen, 50)).toBe(5.5);
    expect(percentile(oneToTen, 90)).toBeCloseTo(9.1, 10);
    expect(percentile(oneToTen, 0)).toBe(1);
    expect(percentile(oneToTen, 100)).toBe(10);
  });

  test("the median of an odd count is the middle sample; of one sample, that sample", () => {
    expect(median([3, 100, 1])).toBe(3);
    expect(median([42])).toBe(42);
  });

  test("leaves its input unsorted", () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  test("refuses no samples and percentiles outside 0–100", () => {
    expect(() => percentile([], 50)).toThrow("percentile of no samples");
    expect(() => percentile([1], 101)).toThrow("percentile 101 is not within 0–100");
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  test("min ≤ median ≤ p90 ≤ max for any samples", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (samples) => {
        const summary = summarize(samples);
        expect(summary.count).toBe(samples.length);
        expect(summary.min).toBeLessThanOrEqual(summary.median);
        expect(summary.median).toBeLessThanOrEqual(summary.p90);
        expect(summary.p90).toBeLessThanOrEqual(summary.max);
      }),
    );
  });
});

describe("ratio", () => {
  test("is ours over theirs", () => {
    expect(ratio(300, 100)).toBe(3);
  });

  test("is undefined when a side is missing or theirs is not positive", () => {
    expect(ratio(undefined, 100)).toBeUndefined();
    expect(ratio(100, undefined)).toBeUndefined();
    expect(ratio(100, 0)).toBeUndefined();
  });
});
