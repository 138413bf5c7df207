import { isLaunchEndMessage, WORKER_READY } from "../../../../src/plugin/warm/launch-messages";

test("a launch-end message is one with its type and a numeric exit code, nothing else", () => {
  expect(isLaunchEndMessage({ type: "launch-end", code: 0 })).toBe(true);
  expect(isLaunchEndMessage({ type: "launch-end", code: 2 })).toBe(true);
  for (const other of [{ type: "launch-end" }, { type: "launch-end", code: "0" }, { type: "pacer-release", ticket: 1 }, WORKER_READY, null, undefined, 0]) {
    expect(isLaunchEndMessage(other)).toBe(false);
  }
});
