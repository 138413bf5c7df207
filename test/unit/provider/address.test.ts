import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  enginePlatform,
  mirrorExecutablePath,
  PLUGIN_EXECUTABLE,
  PROVIDER_SOURCE,
  PROVIDER_VERSION,
} from "../../../src/provider/address";

describe("provider address", () => {
  test("the version is package.json's", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as { version: string };
    expect(PROVIDER_VERSION).toBe(pkg.version);
  });

  test("the source has a host name that no real registry uses", () => {
    expect(PROVIDER_SOURCE).toBe("cdktf-token-hooks.local/tokenhooks/tokenhooks");
  });

  test("platforms are named as the engines name them", () => {
    expect(enginePlatform("linux", "x64")).toBe("linux_amd64");
    expect(enginePlatform("darwin", "arm64")).toBe("darwin_arm64");
    expect(enginePlatform("win32", "x64")).toBe("windows_amd64");
    expect(() => enginePlatform("aix", "x64")).toThrow(/unsupported platform aix\/x64/);
    expect(() => enginePlatform("linux", "mips")).toThrow(/unsupported platform linux\/mips/);
  });

  test("the executable lies where the implied mirror looks for it", () => {
    expect(mirrorExecutablePath("linux_amd64")).toBe(
      `cdktf-token-hooks.local/tokenhooks/tokenhooks/${PROVIDER_VERSION}/linux_amd64/terraform-provider-tokenhooks_v${PROVIDER_VERSION}`,
    );
    expect(PLUGIN_EXECUTABLE).toBe(`terraform-provider-tokenhooks_v${PROVIDER_VERSION}`);
  });
});
