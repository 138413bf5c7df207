import { constants, createWriteStream, fstatSync, openSync } from "node:fs";
import { Socket } from "node:net";
import type { Writable } from "node:stream";

/**
 * The launcher's copies of the stdout and stderr the engine gave it (launcher.sh): the shell
 * moves fds 1 and 2 while it runs a command with a redirection, never these.
 */
export const LAUNCHER_OUTPUT_FDS = { stdout: 6, stderr: 7 } as const;

/**
 * A stream writing to one of a launcher's outputs, opened anew through `/proc/<pid>/fd/<n>`: for
 * a pipe (as the engine gives plugins) the same pipe, so the engine reads what the server writes
 * as if the launcher had written it. Write errors (the engine is gone) are dropped.
 */
export function openLaunchOutput(pid: number, output: keyof typeof LAUNCHER_OUTPUT_FDS): Writable {
  const opened = openSync(`/proc/${pid}/fd/${LAUNCHER_OUTPUT_FDS[output]}`, constants.O_WRONLY | constants.O_APPEND | constants.O_NONBLOCK);
  const stat = fstatSync(opened);
  // A pipe or socket through libuv, which never blocks the thread pool on a reader that stalls.
  const stream: Writable = stat.isFIFO() || stat.isSocket() ? new Socket({ fd: opened, readable: false, writable: true }) : createWriteStream("", { fd: opened });
  stream.on("error", () => undefined);
  return stream;
}

/** The launcher's reply FIFO, opened for writing (the launcher holds it open, so this never waits). */
export function openReply(path: string): Socket {
  const socket = new Socket({ fd: openSync(path, constants.O_WRONLY | constants.O_NONBLOCK), readable: false, writable: true });
  socket.on("error", () => undefined);
  return socket;
}
