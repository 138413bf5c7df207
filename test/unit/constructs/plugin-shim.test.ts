import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { installPluginInStack, installPluginShim, pluginBundlePath } from "../../../src/constructs/plugin-shim";
import { LOCK_FILE_NAME, pluginLockBlock } from "../../../src/constructs/provider-lock";
import { localProviderAddress, mirrorExecutablePath } from "../../../src/provider/address";

const ACME = localProviderAddress("acme", "0.0.0-habc123");
const ACME_BUNDLE = Buffer.from("#!/usr/bin/env node\n// acme\n");

/** The working directory of a stack synthesized by `Testing.fullSynth` after `install` ran on it. */
function synthesizedStack(install: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app() as App, "shimmed");
  install(stack);
  return join(Testing.fullSynth(stack), "stacks", "shimmed");
}

describe("installPluginInStack", () => {
  test("writes a user provider's plugin into the stack's mirror under its address, and its lock entry", () => {
    let reads = 0;
    const stackDir = synthesizedStack((stack) => {
      installPluginInStack(stack, ACME, () => (reads++, ACME_BUNDLE));
      installPluginInStack(stack, ACME, () => (reads++, ACME_BUNDLE));
    });
    try {
      const executable = join(stackDir, "terraform.d", "plugins", mirrorExecutablePath(undefined, ACME));
      expect(executable).toMatch(/terraform\.d\/plugins\/cdktf-token-hooks\.local\/acme\/acme\/0\.0\.0-habc123\/\w+_\w+\/terraform-provider-acme_v0\.0\.0-habc123$/);
      expect(readFileSync(executable).equals(ACME_BUNDLE)).toBe(true);
      expect(statSync(executable).mode & 0o111).toBe(0o111);
      expect(readFileSync(join(stackDir, LOCK_FILE_NAME), "utf8")).toContain(pluginLockBlock(ACME_BUNDLE, ACME));
      expect(reads).toBe(1);
    } finally {
      rmSync(join(stackDir, "..", ".."), { recursive: true, force: true });
    }
  });

  test("serves the built-in and a user provider side by side in one stack", () => {
    const stackDir = synthesizedStack((stack) => {
      installPluginShim(stack);
      installPluginInStack(stack, ACME, () => ACME_BUNDLE);
    });
    try {
      const builtIn = readFileSync(pluginBundlePath());
      expect(readFileSync(join(stackDir, "terraform.d", "plugins", mirrorExecutablePath())).equals(builtIn)).toBe(true);
      const lockFile = readFileSync(join(stackDir, LOCK_FILE_NAME), "utf8");
      expect(lockFile).toContain(pluginLockBlock(builtIn));
      expect(lockFile).toContain(pluginLockBlock(ACME_BUNDLE, ACME));
    } finally {
      rmSync(join(stackDir, "..", ".."), { recursive: true, force: true });
    }
  });
});
