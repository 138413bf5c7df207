#!/usr/bin/env node
// Copies the hand-written declaration files (src/**/*.d.ts) into lib/ beside what tsc emits: tsc
// reads them but never copies them, and the emitted declarations import them.
// Plain ESM with no dependencies, like the other build scripts.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runAsCommand } from "./main-module.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Copies every `*.d.ts` below `sourceDir` to the same relative path below `outDir`; returns the relative paths. */
export function copyDeclarations(sourceDir = join(ROOT, "src"), outDir = join(ROOT, "lib")) {
  const copied = [];
  for (const entry of readdirSync(sourceDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const path = relative(sourceDir, join(entry.parentPath, entry.name));
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    copyFileSync(join(sourceDir, path), join(outDir, path));
    copied.push(path);
  }
  return copied.sort();
}

runAsCommand(import.meta.url, () => {
  for (const path of copyDeclarations()) process.stdout.write(`copied src/${path} → lib/${path}\n`);
});
