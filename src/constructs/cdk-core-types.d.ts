// Hand-written, and copied into lib/ as it is: tsc drops `@ts-ignore` comments from the
// declarations it emits, and without them an app that has only one of the two libraries fails to
// type-check (TS2307 on the other) unless it sets `skipLibCheck`.
//
// The constructs run on whichever of cdktn (CDK Terrain) and cdktf the app installed — cdktn first,
// as at run time (cdk-core.ts) — so their typings name that library's classes.

// @ts-ignore -- resolves only in apps that use cdktn
import type * as cdktn from "cdktn";
// @ts-ignore -- resolves only in apps that use cdktf
import type * as cdktf from "cdktf";

/**
 * `true` when cdktn resolves. A module that does not resolve has the error type, whose keys are
 * `string | number | symbol`; a conditional on the error type itself would be the error type too.
 */
type UsesCdktn = string extends keyof typeof cdktn ? false : true;

/** The core library's module: cdktn's when the app has it, else cdktf's. */
export type CoreLibrary = UsesCdktn extends true ? typeof cdktn : typeof cdktf;

/** The core library's `IResolvable`. */
export type IResolvable = UsesCdktn extends true ? cdktn.IResolvable : cdktf.IResolvable;
/** The core library's `ISynthesisSession`. */
export type ISynthesisSession = UsesCdktn extends true ? cdktn.ISynthesisSession : cdktf.ISynthesisSession;
/** The core library's `ImportableResource`. */
export type ImportableResource = UsesCdktn extends true ? cdktn.ImportableResource : cdktf.ImportableResource;
/** The core library's `TerraformMetaArguments`: provider, dependsOn, count, lifecycle, forEach, ... */
export type TerraformMetaArguments = UsesCdktn extends true ? cdktn.TerraformMetaArguments : cdktf.TerraformMetaArguments;
/** The core library's `TerraformProvider`. */
export type TerraformProvider = UsesCdktn extends true ? cdktn.TerraformProvider : cdktf.TerraformProvider;
/** The core library's `TerraformStack`. */
export type TerraformStack = UsesCdktn extends true ? cdktn.TerraformStack : cdktf.TerraformStack;
