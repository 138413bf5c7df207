import { latencyLowerBoundMs, requestRate, requestWindowMs } from "../../../bench/bounds";

describe("latency lower bound", () => {
  test("is requests × latency ÷ parallelism", () => {
    expect(latencyLowerBoundMs(402, 25, 10)).toBe(1005);
    expect(latencyLowerBoundMs(0, 25, 10)).toBe(0);
    expect(latencyLowerBoundMs(7, 25, 1)).toBe(175);
  });

  test("refuses a parallelism below 1 and negative inputs", () => {
    expect(() => latencyLowerBoundMs(10, 25, 0)).toThrow("parallelism must be at least 1, not 0");
    expect(() => latencyLowerBoundMs(-1, 25, 10)).toThrow(RangeError);
    expect(() => latencyLowerBoundMs(10, -25, 10)).toThrow(RangeError);
  });
});

describe("request rate and window", () => {
  test("the rate is requests per second of the window", () => {
    expect(requestRate(60, 2000)).toBe(30);
    expect(() => requestRate(1, 0)).toThrow("the window must be longer than 0 ms, not 0");
  });

  test("the window runs from the earliest start to the latest finish, whatever the order", () => {
    expect(
      requestWindowMs([
        { startedAt: 1_000, finishedAt: 1_030 },
        { startedAt: 900, finishedAt: 950 },
        { startedAt: 1_100, finishedAt: 2_400 },
      ]),
    ).toBe(1_500);
    expect(requestWindowMs([])).toBe(0);
  });
});
