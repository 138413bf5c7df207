import { countReadySpares, countServedLaunches, openLaunches, serversToEnd, warmServerProcess } from "../../../bench/warm-server";

describe("the bench's warm server", () => {
  test("its process is node running the build directory's plugin.js as the server, in that directory", () => {
    expect(warmServerProcess("/tmp/b/tokenhooks-0/0123456789abcdef/plugin.js", "/tmp/b/tokenhooks-0/0123456789abcdef")).toEqual({
      cmdlineIncludes: "/tmp/b/tokenhooks-0/0123456789abcdef/plugin.js --tokenhooks-warm-server",
      cwd: "/tmp/b/tokenhooks-0/0123456789abcdef",
    });
  });

  test("counts the launches its log says it served, not their ends or other lines", () => {
    const log = [
      "2026-12-06T10:00:00.000Z 4242 serving /tmp/b/tokenhooks-0/0123456789abcdef",
      "2026-12-06T10:00:01.000Z 4242 serving launcher 5001",
      "2026-12-06T10:00:01.500Z 4242 serving launcher 5002",
      "2026-12-06T10:00:02.000Z 4242 launcher 5001 ended with 0",
      "2026-12-06T10:00:02.100Z 4242 declined launcher 5003: wrong key",
      "",
    ].join("\n");
    expect(countServedLaunches(log)).toBe(2);
    expect(countServedLaunches("")).toBe(0);
  });

  test("counts the spares its log says it loaded", () => {
    const log = [
      "2026-12-06T10:00:00.000Z 4242 serving /tmp/b/tokenhooks-0/0123456789abcdef",
      "2026-12-06T10:00:00.200Z 4242 spare 1 ready",
      "2026-12-06T10:00:00.300Z 4242 serving launcher 5001",
      "2026-12-06T10:00:00.400Z 4242 spare 2 ready",
      "2026-12-06T10:00:00.500Z 4242 let 1 spare go",
      "",
    ].join("\n");
    expect(countReadySpares(log)).toBe(2);
    expect(countReadySpares("")).toBe(0);
  });
});

describe("openLaunches", () => {
  test("the launches a server log shows served and not yet ended, with the server serving each", () => {
    const log = [
      "2026-12-06T10:00:00.000Z 4242 serving /tmp/b/tokenhooks-0/0123456789abcdef",
      "2026-12-06T10:00:01.000Z 4242 serving launcher 5001",
      "2026-12-06T10:00:01.500Z 4242 serving launcher 5002",
      "2026-12-06T10:00:02.000Z 4242 launcher 5001 ended with 0",
      // A second server of the same directory, started by a launch served in-process, logs to the same file.
      "2026-12-06T10:00:03.000Z 4300 serving launcher 5010",
      "",
    ].join("\n");
    expect(openLaunches(log)).toEqual([
      { serverPid: 4242, launcherPid: 5002 },
      { serverPid: 4300, launcherPid: 5010 },
    ]);
    expect(openLaunches("")).toEqual([]);
  });
});

describe("serversToEnd", () => {
  const gone = (ms: Record<number, number>) => (launcherPid: number) => ms[launcherPid];

  test("a server whose every open launch has had its launcher gone long enough, with those launches", () => {
    const open = [
      { serverPid: 1, launcherPid: 11 },
      { serverPid: 1, launcherPid: 12 },
      { serverPid: 2, launcherPid: 21 },
    ];
    expect(serversToEnd(open, gone({ 11: 6000, 12: 5000, 21: 9000 }), 5000)).toEqual(
      new Map([
        [1, [11, 12]],
        [2, [21]],
      ]),
    );
  });

  test("leaves a server that also serves a live launch, or whose launcher went only just now", () => {
    const open = [
      { serverPid: 1, launcherPid: 11 },
      { serverPid: 1, launcherPid: 12 },
      { serverPid: 2, launcherPid: 21 },
    ];
    // 12 still runs (undefined); 21 has been gone for less than the limit.
    expect(serversToEnd(open, gone({ 11: 60_000, 21: 4999 }), 5000)).toEqual(new Map());
    expect(serversToEnd([], gone({}), 5000)).toEqual(new Map());
  });
});
