import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../src/emulator";

/**
 * Secret bookkeeping for tests: every credential a test run knows about, by a label that can be
 * printed, and scans of any text for them. A finding names the label and where it was found,
 * never the value, so a failing assertion does not leak the secret it caught.
 */

/** Credentials whose value we may not know: HCP Terraform tokens and JWTs (Infisical access tokens). */
export const SECRET_SHAPES: readonly RegExp[] = [/[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}/, /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/];

/** Where a secret turned up: the source's name and the secret's label. */
export interface SecretFinding {
  readonly source: string;
  readonly secret: string;
}

/** Shorter values would match ordinary text; no real credential is this short. */
const MIN_SECRET_LENGTH = 8;

export class SecretRegistry {
  private readonly secrets = new Map<string, string>();

  /** Records a secret under a printable label; null, undefined and short values are ignored. */
  add(label: string, value: string | null | undefined): void {
    if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH && !this.secrets.has(value)) this.secrets.set(value, label);
  }

  /** The emulator's seeded credentials. */
  addSeeded(emulator: Emulator): void {
    const { seeded } = emulator;
    this.add("seeded owner user token", seeded.ownerUserToken);
    this.add("seeded non-owner team token", seeded.nonOwnerTeamToken);
    this.add("seeded Infisical client secret", seeded.infisical.clientSecret);
    this.add("seeded Heroku auth token", seeded.herokuAuthToken);
  }

  /** Every string under a sensitive path of one resource in `show -json` (tokens, credentials). */
  addFromShownResource(address: string, values: Record<string, unknown>, sensitiveValues: Record<string, unknown>): void {
    for (const [name, flag] of Object.entries(sensitiveValues)) {
      if (flag === true && typeof values[name] === "string") this.add(`${name} of ${address}`, values[name] as string);
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Labels of the known secrets in `text`, plus a note for each unknown value shaped like a credential. */
  foundIn(text: string): string[] {
    const found = [...this.secrets].filter(([value]) => text.includes(value)).map(([, label]) => label);
    for (const shape of SECRET_SHAPES) {
      const match = shape.exec(text);
      if (match && !this.secrets.has(match[0])) found.push(`an unknown value shaped like ${shape.source}`);
    }
    return found;
  }

  /** Every finding over named sources. */
  scan(sources: Readonly<Record<string, string>>): SecretFinding[] {
    return Object.entries(sources).flatMap(([source, text]) => this.foundIn(text).map((secret) => ({ source, secret })));
  }
}

/**
 * The text of every jest snapshot file under `root` (`__snapshots__/*.snap`), by path, skipping
 * `node_modules`. Bounded: at most `maxFiles` files.
 */
export function snapshotFiles(root: string, maxFiles = 1000): Record<string, string> {
  const found: Record<string, string> = {};
  const pending = [root];
  while (pending.length > 0 && Object.keys(found).length < maxFiles) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.name.endsWith(".snap") && dir.endsWith("__snapshots__")) found[path] = readFileSync(path, "utf8");
    }
  }
  return found;
}

/** A file's text, or empty when it does not exist (a log the engine did not write). */
export function readIfExists(path: string): string {
  return existsSync(path) && statSync(path).isFile() ? readFileSync(path, "utf8") : "";
}
