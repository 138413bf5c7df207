import type { IncomingHttpHeaders } from "node:http";
import { RequestPacer, type PacerPermit } from "../../../src/http/request-pacer";
import { FakeClock } from "./support/fake-clock";

/** Lets resolved acquisitions run their continuations. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function rateLimit(limit: number, remaining: number, resetSeconds: number): IncomingHttpHeaders {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": resetSeconds.toFixed(3),
  };
}

/** `count` acquisitions started together; `granted` fills in as the pacer lets each one go. */
function acquireMany(pacer: RequestPacer, count: number): { granted: PacerPermit[] } {
  const granted: PacerPermit[] = [];
  for (let i = 0; i < count; i++) void pacer.acquire().then((permit) => granted.push(permit));
  return { granted };
}

let clock: FakeClock;
let pacer: RequestPacer;

beforeEach(() => {
  clock = new FakeClock();
  pacer = new RequestPacer(clock);
});

describe("before the first response", () => {
  it("lets a lone request go at once", async () => {
    const { granted } = acquireMany(pacer, 1);
    await settle();
    expect(granted).toHaveLength(1);
  });

  it("holds concurrent requests until the first one is answered, then goes by what it said", async () => {
    const { granted } = acquireMany(pacer, 10);
    await settle();
    expect(granted).toHaveLength(1);

    granted[0].release(rateLimit(30, 25, 0.5));
    await settle();

    expect(granted).toHaveLength(10);
  });

  it("passes the probe on to the next request when the first got no response", async () => {
    const { granted } = acquireMany(pacer, 3);
    await settle();

    granted[0].release();
    await settle();

    expect(granted).toHaveLength(2);
  });

  it("stops pacing when the server sends no rate-limit headers", async () => {
    const { granted } = acquireMany(pacer, 1);
    await settle();
    granted[0].release({ "content-type": "application/json" });

    const more = acquireMany(pacer, 50);
    await settle();

    expect(more.granted).toHaveLength(50);
  });
});

describe("within a window", () => {
  async function answeredOnce(headers: IncomingHttpHeaders): Promise<void> {
    const { granted } = acquireMany(pacer, 1);
    await settle();
    granted[0].release(headers);
  }

  it("counts requests in flight against the remaining budget", async () => {
    await answeredOnce(rateLimit(30, 5, 0.8));

    const { granted } = acquireMany(pacer, 8);
    await settle();
    expect(granted).toHaveLength(5);

    // The server counted two of them: remaining 3, three still in flight → no room yet.
    granted[0].release(rateLimit(30, 4, 0.7));
    granted[1].release(rateLimit(30, 3, 0.7));
    await settle();
    expect(granted).toHaveLength(5);
  });

  it("waits for the reset once the window is spent, then lets the limit go less what is in flight", async () => {
    await answeredOnce(rateLimit(30, 0, 0.4));

    const { granted } = acquireMany(pacer, 40);
    await settle();
    expect(granted).toHaveLength(0);

    clock.advance(399);
    await settle();
    expect(granted).toHaveLength(0);

    clock.advance(1);
    await settle();
    expect(granted).toHaveLength(30);
    expect(clock.pendingTimers).toBe(0);
  });

  it("learns the limit from the headers: 3 per window is 3 per window", async () => {
    await answeredOnce(rateLimit(3, 2, 1));
    const { granted } = acquireMany(pacer, 12);
    await settle();
    expect(granted).toHaveLength(2);
    for (const permit of granted.slice(0, 2)) permit.release(rateLimit(3, 0, 0.9));

    const perWindow: number[] = [];
    for (let window = 0; window < 3; window++) {
      const before = granted.length;
      clock.advance(1000);
      await settle();
      perWindow.push(granted.length - before);
      const newest = granted.slice(before);
      newest.forEach((permit, index) => permit.release(rateLimit(3, 2 - index, 0.99)));
    }

    expect(perWindow).toEqual([3, 3, 3]);
  });

  it("a 429 holds every request until the reset it reports", async () => {
    await answeredOnce(rateLimit(30, 20, 0.9));
    const first = acquireMany(pacer, 1);
    await settle();
    clock.advance(300);
    first.granted[0].release(rateLimit(30, 0, 0.6));

    const { granted } = acquireMany(pacer, 5);
    await settle();
    expect(granted).toHaveLength(0);

    clock.advance(599);
    await settle();
    expect(granted).toHaveLength(0);

    clock.advance(1);
    await settle();
    expect(granted).toHaveLength(5);
  });

  it("does not let a late answer of an old window reopen the spent budget of the new one", async () => {
    await answeredOnce(rateLimit(30, 10, 0.05));
    const late = acquireMany(pacer, 1);
    await settle();

    clock.advance(50);
    // The new window: spent.
    await answeredOnce(rateLimit(30, 0, 1));
    // The old window's answer arrives after it: remaining 9, reset (nearly) past.
    late.granted[0].release(rateLimit(30, 9, 0.001));

    const { granted } = acquireMany(pacer, 1);
    await settle();
    expect(granted).toHaveLength(0);
  });

  it("never waits longer than a minute on a bogus reset", async () => {
    await answeredOnce(rateLimit(30, 0, 86_400));
    const { granted } = acquireMany(pacer, 1);

    clock.advance(60_000);
    await settle();

    expect(granted).toHaveLength(1);
  });

  it("counts a permit released twice once", async () => {
    await answeredOnce(rateLimit(30, 2, 0.5));
    const { granted } = acquireMany(pacer, 3);
    await settle();
    expect(granted).toHaveLength(2);

    granted[0].release(rateLimit(30, 1, 0.5));
    granted[0].release(rateLimit(30, 1, 0.5));
    await settle();

    // Remaining 1 with one request still in flight: no room, however often the first is released.
    expect(granted).toHaveLength(2);
  });
});
