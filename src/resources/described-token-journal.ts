import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { WalkOutcome } from "../plugin/framework/definition";
import type { Logger } from "../plugin/protocol/log";

/**
 * The working directory's record of the described team tokens this provider created that no plan
 * has found in Terraform's state yet.
 *
 * Why: an engine may lose a run's state changes after the provider has done its work. OpenTofu
 * keeps a local state's changes in memory until the run ends (intermediate snapshots come at
 * least 20 s apart) and shuts the provider down before it writes them, so a run killed in
 * that window leaves tokens that no state records, and no process left to revoke them. A described
 * token's secret is returned only at creation, so such a token cannot be adopted; the next run
 * that creates a token of the same team and description revokes it instead, once its replacement
 * exists.
 *
 * How: every create is recorded *before* its request (the remote description carries a random
 * marker, so the record finds the token even when the create's response never arrived). A plan
 * that finds the token in state removes the record, and so does a delete. When a plan walk ends,
 * its start is recorded: a token recorded before that plan started and still here was not in the
 * state the plan saw, so it is an orphan of an interrupted run.
 *
 * Where: `<TF_DATA_DIR or .terraform>/tokenhooks/<workspace>.described-tokens.json` in the
 * engine's working directory (for cdktf, `cdktf.out/stacks/<stack>`, which synth keeps), per
 * workspace. It holds team ids and descriptions, never a secret. Losing it loses only this cleanup.
 */

/** What identifies a described token: its marker makes the remote description unique within the team. */
export interface TokenKey {
  readonly teamId: string;
  /** The description stored in HCP Terraform, with its marker. */
  readonly remoteDescription: string;
}

/** A described token as the journal records it. */
export interface JournalToken extends TokenKey {
  /** The HCP Terraform API base URL the token was created at. */
  readonly address: string;
  /** The configured description. */
  readonly description: string;
}

/** A journal entry: a token that may exist and that no plan has found in state. */
export interface JournalEntry extends JournalToken {
  /** The plugin process that created it. */
  readonly walk: string;
  /** When the create was recorded (ISO 8601), just before its request. */
  readonly at: string;
}

interface JournalFile {
  readonly version: 1;
  /** The start of the last walk that planned without applying: what it did not find in state is not there. */
  readonly lastPlan?: { readonly walk: string; readonly startedAt: string };
  readonly created: readonly JournalEntry[];
}

const EMPTY: JournalFile = { version: 1, created: [] };

export interface JournalOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** `<TF_DATA_DIR or .terraform>/tokenhooks/<workspace>.described-tokens.json` under `cwd`. */
export function journalPath(env: NodeJS.ProcessEnv, cwd: string): string {
  const dataDir = resolve(cwd, env.TF_DATA_DIR || ".terraform");
  const workspace = env.TF_WORKSPACE || readText(join(dataDir, "environment"))?.trim() || "default";
  return join(dataDir, "tokenhooks", `${workspace.replace(/[^A-Za-z0-9_.-]/g, "_")}.described-tokens.json`);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

const sameToken = (a: TokenKey, b: TokenKey): boolean => a.teamId === b.teamId && a.remoteDescription === b.remoteDescription;

/** See the module documentation. One per plugin process; the file is read on first use. */
export class DescribedTokenJournal {
  /** This process, as entries and `lastPlan` name it. */
  readonly walk = randomBytes(6).toString("hex");
  private readonly startedAt: Date;
  private readonly now: () => Date;
  private loaded: JournalFile | undefined;
  /** Tokens a read or a plan of this process found in state. */
  private readonly seen: TokenKey[] = [];
  /** A read or plan of this process met a described token: only then does its end concern the journal. */
  private metDescribedToken = false;
  /** Writing: the directory not made yet, made, or failed (warned once, then kept in memory only). */
  private writing: "first" | "ready" | "failed" = "first";
  /** The write that has not started yet: every change made until it starts goes into it. */
  private nextWrite: Promise<void> | undefined;
  /** The last write asked for; one runs at a time. */
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(
    /** The journal file; see {@link journalPath}. */
    readonly path: string,
    private readonly options: Pick<JournalOptions, "now" | "log"> = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
  }

  /** The journal of the engine's working directory and workspace. */
  static forWorkingDirectory(options: JournalOptions = {}): DescribedTokenJournal {
    return new DescribedTokenJournal(journalPath(options.env ?? process.env, options.cwd ?? process.cwd()), options);
  }

  /** Before a create request: from now on a token with this remote description may exist. Resolves once that is on disk. */
  creating(token: JournalToken): Promise<void> {
    const file = this.file();
    return this.write({ ...file, created: [...file.created, { ...token, walk: this.walk, at: this.now().toISOString() }] });
  }

  /** The token is gone: deleted, revoked, or never made. */
  gone(token: TokenKey): Promise<void> {
    const file = this.file();
    if (!file.created.some((entry) => sameToken(entry, token))) return Promise.resolve();
    return this.write({ ...file, created: file.created.filter((entry) => !sameToken(entry, token)) });
  }

  /** A read or a plan of a described token; `inState` is the token the state holds, if any. */
  noteState(inState: TokenKey | undefined): void {
    this.metDescribedToken = true;
    if (inState) this.seen.push(inState);
  }

  /**
   * Tokens of this team and description that an earlier process created and that the last plan,
   * which started after their creation, did not find in state: orphans of an interrupted run.
   */
  orphans(of: Omit<JournalToken, "remoteDescription">): JournalEntry[] {
    const { lastPlan, created } = this.file();
    if (!lastPlan) return [];
    return created.filter(
      (entry) =>
        entry.walk !== this.walk &&
        entry.at < lastPlan.startedAt &&
        entry.address === of.address &&
        entry.teamId === of.teamId &&
        entry.description === of.description,
    );
  }

  /**
   * At the end of the process: forgets the tokens its plans found in state and, for a walk that
   * planned without applying, records its start. Nothing when the engine died mid-walk.
   */
  async finish(outcome: WalkOutcome): Promise<void> {
    if (outcome.engineDied || !this.metDescribedToken) return this.lastWrite;
    const file = this.file();
    const created = file.created.filter((entry) => !this.seen.some((token) => sameToken(entry, token)));
    const lastPlan = outcome.applied ? file.lastPlan : { walk: this.walk, startedAt: this.startedAt.toISOString() };
    return this.write({ version: 1, ...(lastPlan ? { lastPlan } : {}), created });
  }

  private file(): JournalFile {
    if (this.loaded) return this.loaded;
    const text = readText(this.path);
    let parsed: unknown;
    try {
      parsed = text === undefined ? EMPTY : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isJournalFile(parsed)) {
      this.options.log?.warn("Ignoring an unreadable journal of described tokens", { path: this.path });
      parsed = EMPTY;
    }
    this.loaded = parsed as JournalFile;
    return this.loaded;
  }

  /**
   * Makes `file` the journal, and resolves once it (or a later state) is on disk. Changes made
   * while a write runs go into one next write, so concurrent creates share writes instead of
   * each rewriting the file; the event loop is never blocked on the disk.
   */
  private write(file: JournalFile): Promise<void> {
    this.loaded = file;
    this.nextWrite ??= this.lastWrite = this.lastWrite.then(() => {
      this.nextWrite = undefined;
      return this.writeLoaded();
    });
    return this.nextWrite;
  }

  /** Atomically (rename), so that a process killed mid-write leaves the previous journal whole. */
  private async writeLoaded(): Promise<void> {
    if (this.writing === "failed") return;
    const temporary = `${this.path}.${this.walk}.tmp`;
    try {
      if (this.writing === "first") await mkdir(dirname(this.path), { recursive: true });
      this.writing = "ready";
      await writeFile(temporary, `${JSON.stringify(this.loaded)}\n`);
      await rename(temporary, this.path);
    } catch (error) {
      this.writing = "failed";
      this.options.log?.warn("Cannot write the journal of described tokens; an interrupted run's tokens will not be found", {
        path: this.path,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function isJournalFile(value: unknown): value is JournalFile {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<JournalFile>;
  return file.version === 1 && Array.isArray(file.created) && file.created.every(isEntry);
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return ["address", "teamId", "description", "remoteDescription", "walk", "at"].every((key) => typeof entry[key] === "string");
}
