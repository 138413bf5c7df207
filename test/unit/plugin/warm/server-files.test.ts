import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePrivateDirectory, serverFiles } from "../../../../src/plugin/warm/server-files";

const uid = process.getuid!();
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "tokenhooks-server-files-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe("serverFiles", () => {
  it("lives in $XDG_RUNTIME_DIR/tokenhooks-<uid>/<build>/", () => {
    const files = serverFiles({ XDG_RUNTIME_DIR: "/run/user/1000" }, 1000, "0123456789abcdef");
    expect(files).toEqual({
      root: "/run/user/1000/tokenhooks-1000",
      dir: "/run/user/1000/tokenhooks-1000/0123456789abcdef",
      launch: "/run/user/1000/tokenhooks-1000/0123456789abcdef/launch",
      server: "/run/user/1000/tokenhooks-1000/0123456789abcdef/server",
      lock: "/run/user/1000/tokenhooks-1000/0123456789abcdef/lock",
      plugin: "/run/user/1000/tokenhooks-1000/0123456789abcdef/plugin.js",
    });
  });

  it("falls back to /tmp without XDG_RUNTIME_DIR, or with an empty one", () => {
    expect(serverFiles({}, 7, "b").dir).toBe("/tmp/tokenhooks-7/b");
    expect(serverFiles({ XDG_RUNTIME_DIR: "" }, 7, "b").dir).toBe("/tmp/tokenhooks-7/b");
  });
});

describe("ensurePrivateDirectory", () => {
  it("creates the directory with its parents, mode 0700", () => {
    const path = join(scratch, "a", "b");
    ensurePrivateDirectory(path, uid);
    expect(statSync(path).mode & 0o777).toBe(0o700);
    expect(statSync(path).uid).toBe(uid);
  });

  it("accepts a private directory that exists", () => {
    const path = join(scratch, "private");
    mkdirSync(path, { mode: 0o700 });
    expect(() => ensurePrivateDirectory(path, uid)).not.toThrow();
  });

  it.each([0o755, 0o750, 0o701, 0o777, 0o500])("refuses a directory of mode %o", (mode) => {
    const path = join(scratch, "open");
    mkdirSync(path);
    chmodSync(path, mode);
    expect(() => ensurePrivateDirectory(path, uid)).toThrow(`${path} is not a directory private to uid ${uid} (mode ${mode.toString(8)}, owner ${uid})`);
  });

  it("refuses a symbolic link to a private directory", () => {
    const target = join(scratch, "target");
    mkdirSync(target, { mode: 0o700 });
    const link = join(scratch, "link");
    symlinkSync(target, link);
    expect(() => ensurePrivateDirectory(link, uid)).toThrow(`${link} is not a directory private to uid ${uid}`);
  });

  it("refuses a directory of another owner", () => {
    const path = join(scratch, "theirs");
    mkdirSync(path, { mode: 0o700 });
    // As root the directory is given away; otherwise it is checked against a uid that is not ours.
    const other = uid === 0 ? 65534 : uid + 1;
    if (uid === 0) chownSync(path, other, other);
    expect(() => ensurePrivateDirectory(path, uid === 0 ? uid : other)).toThrow(/is not a directory private to uid \d+ \(mode 700, owner \d+\)/);
  });
});
