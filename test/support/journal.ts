import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribedTokenJournal } from "../../src/resources/described-token-journal";

/** A journal of described tokens in a directory of its own, as a fresh working directory has. */
export function temporaryJournal(options: ConstructorParameters<typeof DescribedTokenJournal>[1] = {}): DescribedTokenJournal {
  return new DescribedTokenJournal(join(mkdtempSync(join(tmpdir(), "tokenhooks-journal-")), "described-tokens.json"), options);
}
