import { startEmulator, type Emulator } from "../../../src/emulator";
import { RequestCollector } from "../../../bench/request-collector";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator.close());

const ping = () => fetch(`${emulator.tfcAddress}/api/v2/ping`, { headers: { authorization: `Bearer ${emulator.seeded.ownerUserToken}` } }).then((response) => response.arrayBuffer());

describe("RequestCollector", () => {
  test("collects the requests made while it runs, more than the emulator's log holds, in order", async () => {
    const collector = new RequestCollector(emulator, 10);
    for (let batch = 0; batch < 25; batch++) await Promise.all(Array.from({ length: 100 }, ping));
    const collected = collector.stop();
    expect(collected).toHaveLength(2500);
    expect(collected.every((entry, index) => index === 0 || entry.seq === collected[index - 1].seq + 1)).toBe(true);
  }, 60_000);

  test("goes on from the previous collector after the emulator's log was reset", async () => {
    const first = new RequestCollector(emulator);
    await ping();
    const [last] = first.stop();
    emulator.reset();
    const second = new RequestCollector(emulator);
    await ping();
    await ping();
    expect(second.stop().map((entry) => entry.seq)).toEqual([last.seq + 1, last.seq + 2]);
  });

  test("a request served while no collector ran is reported, not silently missed", async () => {
    new RequestCollector(emulator).stop();
    await ping();
    emulator.reset();
    const collector = new RequestCollector(emulator);
    await ping();
    expect(() => collector.stop()).toThrow("the emulator's request log dropped 1 requests before they were collected");
  });
});
