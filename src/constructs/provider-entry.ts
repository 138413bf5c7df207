import * as fs from "node:fs";
import * as path from "node:path";
import { callerSite } from "../custom/definition-site";

/** The extensions a provider module found by convention may have, in the order they are tried. */
const EXTENSIONS = [".ts", ".js"] as const;

/**
 * The module of provider `typeName` found by convention, as AWS CDK's `NodejsFunction` finds its
 * entry: `<typeName>.provider.ts`, else `<typeName>.provider.js`, in the folder of the user's file
 * that called into this package (the first frame of the call stack outside this package's
 * `custom` and `constructs` modules).
 * Throws, naming every path tried and how to name the module instead, when none exists.
 */
export function conventionalProviderEntry(typeName: string): string {
  const caller = callerSite("constructs");
  const how = `pass the module exporting what defineProvider returns as providerConstructs(schema, { entry: "<path from the cdktf project>" }), or give { version } when the plugin is installed some other way`;
  if (!caller) throw new Error(`cdktf-token-hooks: provider ${typeName}: the file calling providerConstructs is not on the call stack, so its module cannot be found by convention; ${how}`);
  const tried = EXTENSIONS.map((extension) => path.join(path.dirname(caller.file), `${typeName}.provider${extension}`));
  const found = tried.find((candidate) => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile());
  if (found) return found;
  throw new Error(
    `cdktf-token-hooks: provider ${typeName}: no entry was given and no module of the provider is beside ${caller.file}, which calls providerConstructs. Tried:\n` +
      `${tried.map((candidate) => `  - ${candidate}`).join("\n")}\nCreate one of those, or ${how}.`,
  );
}
