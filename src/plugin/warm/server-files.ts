import { lstatSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Where a warm plugin server and its launchers meet: `$XDG_RUNTIME_DIR/tokenhooks-<uid>/<build>/`
 * (`/tmp` without `XDG_RUNTIME_DIR`), the rule `launcher.sh` follows too. The user's directory is
 * private (0700) and owned by the user; one server serves one plugin build.
 */
export interface ServerFiles {
  /** `tokenhooks-<uid>`, private to the user. */
  readonly root: string;
  /** The build's directory. */
  readonly dir: string;
  /** The FIFO launchers write their one-line requests to. */
  readonly launch: string;
  /** `<pid> <start time> <key>` of the server serving: what a launcher reads to find it. */
  readonly server: string;
  /** Held (created exclusively) by the one server of this build. */
  readonly lock: string;
  /** The server's copy of the plugin, which it and its workers run. */
  readonly plugin: string;
}

export function serverFiles(env: NodeJS.ProcessEnv, uid: number, buildId: string): ServerFiles {
  const root = join(env.XDG_RUNTIME_DIR || "/tmp", `tokenhooks-${uid}`);
  const dir = join(root, buildId);
  return { root, dir, launch: join(dir, "launch"), server: join(dir, "server"), lock: join(dir, "lock"), plugin: join(dir, "plugin.js") };
}

/** Creates the user's and the build's directories of `files`, or checks that they are private (see {@link ensurePrivateDirectory}). */
export function ensureServerDirectories(files: ServerFiles, uid: number): void {
  ensurePrivateDirectory(files.root, uid);
  ensurePrivateDirectory(files.dir, uid);
}

/**
 * Creates `path` as a directory only `uid` can enter, or checks that it is one: owned by `uid`,
 * mode 0700, not a symbolic link. Another user who created it first gets no launch of ours.
 */
export function ensurePrivateDirectory(path: string, uid: number): void {
  mkdirSync(path, { mode: 0o700, recursive: true });
  const stat = lstatSync(path);
  if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o777) !== 0o700) {
    throw new Error(`${path} is not a directory private to uid ${uid} (mode ${(stat.mode & 0o777).toString(8)}, owner ${stat.uid})`);
  }
}
