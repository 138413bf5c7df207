import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withLauncher } from "../../../../scripts/plugin-launcher.mjs";
import { buildIdOf, pluginBuild } from "../../../../src/plugin/warm/plugin-build";

const BODY = Buffer.from('console.log("plugin");\n');

describe("pluginBuild", () => {
  it("names the build of an executable the launcher script wrote", () => {
    const executable = withLauncher(BODY);
    expect(pluginBuild(executable)).toBe(buildIdOf(BODY));
    expect(pluginBuild(executable)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("gives the same bytes, so the same build, for the same body", () => {
    expect(withLauncher(BODY).equals(withLauncher(BODY))).toBe(true);
    expect(pluginBuild(withLauncher(Buffer.from('console.log("other");\n')))).not.toBe(pluginBuild(withLauncher(BODY)));
  });

  it("refuses an executable whose body was changed after the launcher was written", () => {
    const tampered = Buffer.from(withLauncher(BODY).toString("utf8").replace('"plugin"', '"plugim"'));
    expect(pluginBuild(tampered)).toBeUndefined();
  });

  it("refuses a launcher naming another build", () => {
    const other = buildIdOf(Buffer.from("other"));
    const relabelled = Buffer.from(withLauncher(BODY).toString("utf8").replace(/^build=[0-9a-f]{16}$/m, `build=${other}`));
    expect(pluginBuild(relabelled)).toBeUndefined();
  });

  it("gives undefined for a bare bundle", () => {
    expect(pluginBuild(Buffer.concat([Buffer.from("#!/usr/bin/env node\n"), BODY]))).toBeUndefined();
  });

  it("names the build of the bundled plugin", () => {
    const executable = readFileSync(join(__dirname, "../../../../dist/terraform-provider-tokenhooks.js"));
    expect(executable.subarray(0, 10).toString()).toBe("#!/bin/sh\n");
    expect(pluginBuild(executable)).toMatch(/^[0-9a-f]{16}$/);
  });
});
