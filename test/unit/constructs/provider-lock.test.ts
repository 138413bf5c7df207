import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCK_FILE_NAME, lockPluginInStack, pluginLockBlock, pluginPackageHash, withPluginLocked } from "../../../src/constructs/provider-lock";
import { localProviderAddress, PLUGIN_EXECUTABLE } from "../../../src/provider/address";

const BUNDLE = Buffer.from("#!/usr/bin/env node\nconsole.log('plugin')\n");
const OTHER_PROVIDER = `provider "registry.terraform.io/hashicorp/random" {
  version     = "3.6.3"
  constraints = "~> 3.6"
  hashes = [
    "h1:zG9uFP8l9u+yGZZvi5Te7PV62j50azpgwPunq2vTm1E=",
    "zh:04ceb65210251339f07cd4611885d242cd4d0c7306e86dda9785396807c00451",
  ]
}
`;

describe("the plugin's lock file entry", () => {
  test("is Go's dirhash h1 of a package holding the one executable", () => {
    // Written out step by step, as golang.org/x/mod/sumdb/dirhash Hash1 does it.
    const summary = `${createHash("sha256").update(BUNDLE).digest("hex")}  ${PLUGIN_EXECUTABLE}\n`;
    expect(pluginPackageHash(BUNDLE)).toBe(`h1:${createHash("sha256").update(summary).digest("base64")}`);
    expect(pluginPackageHash(Buffer.from("other bytes"))).not.toBe(pluginPackageHash(BUNDLE));
  });

  test("pins the package version and lists the hash, as `terraform init` formats it", () => {
    expect(pluginLockBlock(BUNDLE)).toBe(
      [
        'provider "cdktf-token-hooks.local/tokenhooks/tokenhooks" {',
        '  version     = "0.1.0"',
        '  constraints = "0.1.0"',
        "  hashes = [",
        `    "${pluginPackageHash(BUNDLE)}",`,
        "  ]",
        "}",
      ].join("\n"),
    );
  });

  test("starts a lock file that has none", () => {
    expect(withPluginLocked(undefined, BUNDLE)).toBe(
      `# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n${pluginLockBlock(BUNDLE)}\n`,
    );
  });

  test("is added after other providers' entries, which stay as they were", () => {
    const lockFile = `# header\n\n${OTHER_PROVIDER}`;
    expect(withPluginLocked(lockFile, BUNDLE)).toBe(`# header\n\n${OTHER_PROVIDER}\n${pluginLockBlock(BUNDLE)}\n`);
  });

  test("replaces an older entry of the plugin in place, wherever it stands", () => {
    const stale = pluginLockBlock(Buffer.from("an older bundle"));
    const lockFile = `# header\n\n${stale}\n\n${OTHER_PROVIDER}`;
    expect(withPluginLocked(lockFile, BUNDLE)).toBe(`# header\n\n${pluginLockBlock(BUNDLE)}\n\n${OTHER_PROVIDER}`);
    expect(withPluginLocked(withPluginLocked(lockFile, BUNDLE), BUNDLE)).toBe(withPluginLocked(lockFile, BUNDLE));
  });

  test("is written into the stack's lock file, which is left alone when it already holds it", () => {
    const stackDir = mkdtempSync(join(tmpdir(), "tokenhooks-lock-"));
    try {
      const file = join(stackDir, LOCK_FILE_NAME);
      lockPluginInStack(stackDir, BUNDLE);
      expect(readFileSync(file, "utf8")).toBe(withPluginLocked(undefined, BUNDLE));
      const longAgo = new Date("2020-01-01T00:00:00Z");
      utimesSync(file, longAgo, longAgo);
      lockPluginInStack(stackDir, BUNDLE);
      expect(statSync(file).mtime).toEqual(longAgo);
      writeFileSync(file, OTHER_PROVIDER);
      lockPluginInStack(stackDir, BUNDLE);
      expect(readFileSync(file, "utf8")).toBe(withPluginLocked(OTHER_PROVIDER, BUNDLE));
    } finally {
      rmSync(stackDir, { recursive: true, force: true });
    }
  });

  describe("of a user-defined provider", () => {
    const ACME = localProviderAddress("acme", "0.0.0-habc123");

    test("names the provider's executable in the hash and pins its exact version", () => {
      const summary = `${createHash("sha256").update(BUNDLE).digest("hex")}  terraform-provider-acme_v0.0.0-habc123\n`;
      expect(pluginPackageHash(BUNDLE, ACME)).toBe(`h1:${createHash("sha256").update(summary).digest("base64")}`);
      expect(pluginLockBlock(BUNDLE, ACME)).toBe(
        [
          'provider "cdktf-token-hooks.local/acme/acme" {',
          '  version     = "0.0.0-habc123"',
          '  constraints = "0.0.0-habc123"',
          "  hashes = [",
          `    "${pluginPackageHash(BUNDLE, ACME)}",`,
          "  ]",
          "}",
        ].join("\n"),
      );
    });

    test("sits beside the built-in plugin's entry, and a new version replaces only its own", () => {
      const both = withPluginLocked(withPluginLocked(undefined, BUNDLE), BUNDLE, ACME);
      expect(both).toContain(pluginLockBlock(BUNDLE));
      expect(both).toContain(pluginLockBlock(BUNDLE, ACME));
      const changed = localProviderAddress("acme", "0.0.0-hdef456");
      const updated = withPluginLocked(both, Buffer.from("changed hook"), changed);
      expect(updated).toBe(both.replace(pluginLockBlock(BUNDLE, ACME), pluginLockBlock(Buffer.from("changed hook"), changed)));
    });
  });
});
