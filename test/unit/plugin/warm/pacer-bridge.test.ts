import { MessageChannel, type MessagePort } from "node:worker_threads";
import { PacerHub, remotePacers } from "../../../../src/plugin/warm/pacer-bridge";

/** Two workers of one warm server, each talking to the hub over its own channel. */
function twoWorkers() {
  const hub = new PacerHub();
  const channels = [new MessageChannel(), new MessageChannel()];
  const ports: MessagePort[] = [];
  for (const { port2 } of channels) {
    port2.on("message", (message: unknown) => hub.handle(port2, message));
    ports.push(port2);
  }
  const close = () => channels.forEach(({ port1, port2 }) => (port1.close(), port2.close()));
  return { hub, sources: channels.map(({ port1 }) => remotePacers(port1)), ports, close };
}

const settled = async <T>(promise: Promise<T>, ms = 50): Promise<T | "pending"> => Promise.race([promise, new Promise<"pending">((resolve) => setTimeout(() => resolve("pending"), ms))]);

describe("the pacers a warm server's launches share", () => {
  test("two launches with one credential draw on one budget: the second waits for the first answer, then for the window the headers report", async () => {
    const { sources, close } = twoWorkers();
    try {
      const [first, second] = sources.map((source) => source("https://tfc.example digest-a"));
      const firstPermit = await first.acquire();
      const waiting = second.acquire();
      expect(await settled(waiting)).toBe("pending");
      // One left of 30 in a window that resets in 0.3 s, the first answer counted.
      firstPermit.release({ "x-ratelimit-limit": "30", "x-ratelimit-remaining": "1", "x-ratelimit-reset": "0.3" });
      const secondPermit = await waiting;
      const third = sources[0]("https://tfc.example digest-a").acquire();
      expect(await settled(third)).toBe("pending");
      secondPermit.release({ "x-ratelimit-limit": "30", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.25" });
      expect(await settled(third, 1000)).not.toBe("pending");
    } finally {
      close();
    }
  });

  test("other credentials have budgets of their own", async () => {
    const { sources, close } = twoWorkers();
    try {
      await sources[0]("https://tfc.example digest-a").acquire();
      expect(await settled(sources[1]("https://tfc.example digest-b").acquire())).not.toBe("pending");
    } finally {
      close();
    }
  });

  test("a launch that ends holding a permit gives it back", async () => {
    const { hub, sources, ports, close } = twoWorkers();
    try {
      await sources[0]("https://tfc.example digest-c").acquire();
      const waiting = sources[1]("https://tfc.example digest-c").acquire();
      expect(await settled(waiting)).toBe("pending");
      hub.workerGone(ports[0]);
      expect(await settled(waiting)).not.toBe("pending");
    } finally {
      close();
    }
  });
});
