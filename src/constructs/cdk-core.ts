import type * as types from "./cdk-core-types";
import type { CoreLibrary } from "./cdk-core-types";

export type { IResolvable, ISynthesisSession, TerraformMetaArguments, TerraformProvider, TerraformStack } from "./cdk-core-types";

/** The core libraries the constructs can extend, in the order they are looked for. */
export const CORE_LIBRARIES = Object.freeze(["cdktn", "cdktf"] as const);

/** One of {@link CORE_LIBRARIES}. */
export type CoreLibraryName = (typeof CORE_LIBRARIES)[number];

/**
 * The first of {@link CORE_LIBRARIES} that `resolve` finds (it throws for a missing module).
 * cdktn comes first: an app that moved to cdktn may still have cdktf installed by another
 * dependency, while a cdktf app has no reason to have cdktn. Only the chosen one is ever loaded,
 * since cdktn 0.24 calls methods on every element that cdktf's classes lack.
 */
export function chooseCoreLibrary(resolve: (name: string) => string): { readonly name: CoreLibraryName; readonly path: string } {
  for (const name of CORE_LIBRARIES) {
    try {
      return { name, path: resolve(name) };
    } catch {
      // not installed: try the next
    }
  }
  throw new Error("cdktf-token-hooks needs CDK Terrain or CDK for Terraform in the app: `npm install cdktn` (or `npm install cdktf`).");
}

const chosen = chooseCoreLibrary(require.resolve);

/** The name of the core library the constructs extend in this process. */
export const coreLibraryName: CoreLibraryName = chosen.name;

/** The core library (cdktn or cdktf) the app uses, as the module it exports. */
export const core: CoreLibrary = require(chosen.path) as CoreLibrary;

/** The core library's `ImportableResource` class, for `generateConfigForImport`. */
export const ImportableResource: CoreLibrary["ImportableResource"] = core.ImportableResource;
/** An instance of {@link ImportableResource}. */
export type ImportableResource = types.ImportableResource;
