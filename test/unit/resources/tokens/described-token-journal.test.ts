import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribedTokenJournal, journalPath, type JournalToken } from "../../../../src/resources/described-token-journal";
import type { Logger } from "../../../../src/plugin/protocol/log";

/**
 * The journal outlives the plugin process: each test plays the engine's processes in turn (an
 * apply walk, then the plan walk of the next command, then its apply walk) on one file.
 */

const ADDRESS = "http://127.0.0.1:1/api/v2/";
const ci = (marker: string, teamId = "team-1"): JournalToken => ({ address: ADDRESS, teamId, description: "ci", remoteDescription: `ci (tokenhooks:${marker})` });
const PLAN = { applied: false, engineDied: false };
const APPLY = { applied: true, engineDied: false };

let dir: string;
let path: string;
let clock: number;
/** A plugin process with its own journal object on the shared file; each starts 1 s after the last. */
const nextProcess = (log?: Logger) => {
  clock += 1000;
  return new DescribedTokenJournal(path, { now: () => new Date(clock), ...(log ? { log } : {}) });
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "journal-test-"));
  path = join(dir, ".terraform", "tokenhooks", "default.described-tokens.json");
  clock = Date.parse("2026-11-23T10:00:00Z");
});

describe("described token journal", () => {
  test("a create is on disk before its request, without anything secret", async () => {
    await nextProcess().creating(ci("aaaaaaaa"));
    const file = JSON.parse(readFileSync(path, "utf8"));
    expect(file.created).toEqual([expect.objectContaining({ ...ci("aaaaaaaa"), at: "2026-11-23T10:00:01.000Z" })]);
    expect(Object.keys(file.created[0]).sort()).toEqual(["address", "at", "description", "remoteDescription", "teamId", "walk"]);
  });

  test("a token the next plan did not find in state is an orphan of that team and description only", async () => {
    await nextProcess().creating(ci("aaaaaaaa"));
    const plan = nextProcess();
    plan.noteState(undefined);
    await plan.finish(PLAN);
    const apply = nextProcess();
    expect(apply.orphans({ address: ADDRESS, teamId: "team-1", description: "ci" }).map((entry) => entry.remoteDescription)).toEqual(["ci (tokenhooks:aaaaaaaa)"]);
    expect(apply.orphans({ address: ADDRESS, teamId: "team-2", description: "ci" })).toEqual([]);
    expect(apply.orphans({ address: ADDRESS, teamId: "team-1", description: "deploy" })).toEqual([]);
    expect(apply.orphans({ address: "https://app.terraform.io/api/v2/", teamId: "team-1", description: "ci" })).toEqual([]);
  });

  test("a token a plan found in state is forgotten, and so is one deleted", async () => {
    const first = nextProcess();
    await first.creating(ci("aaaaaaaa"));
    await first.creating(ci("bbbbbbbb"));
    await first.gone(ci("bbbbbbbb"));
    const plan = nextProcess();
    plan.noteState(ci("aaaaaaaa"));
    await plan.finish(PLAN);
    expect(JSON.parse(readFileSync(path, "utf8")).created).toEqual([]);
    expect(nextProcess().orphans({ address: ADDRESS, teamId: "team-1", description: "ci" })).toEqual([]);
  });

  test("without a plan since the create, nothing is an orphan: the state may well hold it", async () => {
    await nextProcess().creating(ci("aaaaaaaa"));
    expect(nextProcess().orphans({ address: ADDRESS, teamId: "team-1", description: "ci" })).toEqual([]);
    const plan = nextProcess();
    plan.noteState(undefined);
    const apply = nextProcess();
    await apply.creating(ci("cccccccc"));
    await plan.finish(PLAN);
    // Created after the plan started: the plan could not have seen it.
    expect(nextProcess().orphans({ address: ADDRESS, teamId: "team-1", description: "ci" }).map((entry) => entry.remoteDescription)).toEqual(["ci (tokenhooks:aaaaaaaa)"]);
  });

  test("a process's own creations are never its orphans", async () => {
    const plan = nextProcess();
    plan.noteState(undefined);
    await plan.finish(PLAN);
    const apply = nextProcess();
    await apply.creating(ci("aaaaaaaa"));
    expect(apply.orphans({ address: ADDRESS, teamId: "team-1", description: "ci" })).toEqual([]);
  });

  test("an apply walk forgets what it found in state but does not count as a plan; a killed walk changes nothing", async () => {
    await nextProcess().creating(ci("aaaaaaaa"));
    await nextProcess().creating(ci("bbbbbbbb"));
    const apply = nextProcess();
    apply.noteState(ci("aaaaaaaa"));
    await apply.finish(APPLY);
    const file = JSON.parse(readFileSync(path, "utf8"));
    expect(file.created.map((entry: JournalToken) => entry.remoteDescription)).toEqual(["ci (tokenhooks:bbbbbbbb)"]);
    expect(file.lastPlan).toBeUndefined();
    const killed = nextProcess();
    killed.noteState(ci("bbbbbbbb"));
    await killed.finish({ applied: false, engineDied: true });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(file);
  });

  test("a process that never met a described token leaves the journal alone", async () => {
    await nextProcess().finish(PLAN);
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });

  test("an unreadable journal is ignored, said so in the log, and replaced", async () => {
    mkdirSync(join(dir, ".terraform", "tokenhooks"), { recursive: true });
    writeFileSync(path, "{ not json");
    const warnings: string[] = [];
    const log: Logger = { trace() {}, debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} };
    const journal = nextProcess(log);
    expect(journal.orphans({ address: ADDRESS, teamId: "team-1", description: "ci" })).toEqual([]);
    await journal.creating(ci("aaaaaaaa"));
    expect(warnings).toEqual(["Ignoring an unreadable journal of described tokens"]);
    expect(JSON.parse(readFileSync(path, "utf8")).created).toHaveLength(1);
  });

  test("a journal that cannot be written warns once and keeps working in memory", async () => {
    // A file where the directory should be: not writable, even for root.
    writeFileSync(join(dir, "not-a-directory"), "");
    path = join(dir, "not-a-directory", "tokenhooks", "journal.json");
    const warnings: string[] = [];
    const log: Logger = { trace() {}, debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} };
    const journal = nextProcess(log);
    await journal.creating(ci("aaaaaaaa"));
    await journal.creating(ci("bbbbbbbb"));
    expect(warnings).toHaveLength(1);
  });

  test("each create resolves only once its own entry is on disk, also one made while a write runs", async () => {
    const journal = nextProcess();
    const onDisk = (marker: string) => (JSON.parse(readFileSync(path, "utf8")).created as JournalToken[]).some((entry) => entry.remoteDescription === ci(marker).remoteDescription);
    const together = ["aaaaaaaa", "bbbbbbbb", "cccccccc"].map((marker) => journal.creating(ci(marker)).then(() => onDisk(marker)));
    // The first write has started: this one goes into the next.
    await new Promise((resolve) => setImmediate(resolve));
    const later = journal.creating(ci("dddddddd")).then(() => onDisk("dddddddd"));
    expect(await Promise.all([...together, later])).toEqual([true, true, true, true]);
    expect(JSON.parse(readFileSync(path, "utf8")).created).toHaveLength(4);
  });
});

describe("journal path", () => {
  test("per workspace, in the engine's data directory", () => {
    expect(journalPath({}, "/w")).toBe("/w/.terraform/tokenhooks/default.described-tokens.json");
    expect(journalPath({ TF_DATA_DIR: "data", TF_WORKSPACE: "prod/eu" }, "/w")).toBe("/w/data/tokenhooks/prod_eu.described-tokens.json");
    const cwd = mkdtempSync(join(tmpdir(), "journal-ws-"));
    mkdirSync(join(cwd, ".terraform"));
    writeFileSync(join(cwd, ".terraform", "environment"), "staging");
    expect(journalPath({}, cwd)).toBe(join(cwd, ".terraform", "tokenhooks", "staging.described-tokens.json"));
  });
});
