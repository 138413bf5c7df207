import { homedir } from "node:os";
import { join } from "node:path";
import { cacheDir, cachedTofuPath, parseProductName, parseVersionJson } from "../../../scripts/engine.mjs";

// Verbatim output of Terraform 1.11.4 and of OpenTofu 1.12.6 built by scripts/engine.mjs.
const TERRAFORM_JSON = `{
  "terraform_version": "1.11.4",
  "platform": "linux_amd64",
  "provider_selections": {},
  "terraform_outdated": false
}
`;
const TOFU_JSON = `{
  "terraform_version": "1.12.6",
  "platform": "linux_amd64",
  "provider_selections": {}
}
`;
// OpenTofu prints CLI-configuration diagnostics on stdout, before the JSON.
const TOFU_JSON_AFTER_DIAGNOSTICS = `
Warning: Unable to open CLI configuration file

The CLI configuration file at "/root/.terraformrc" does not exist.
{
  "terraform_version": "1.12.6-dev",
  "platform": "linux_amd64",
  "provider_selections": {}
}
`;

describe("parseVersionJson", () => {
  test("reads terraform version -json", () => {
    expect(parseVersionJson(TERRAFORM_JSON)).toBe("1.11.4");
  });

  test("reads tofu version -json", () => {
    expect(parseVersionJson(TOFU_JSON)).toBe("1.12.6");
  });

  test("skips diagnostics printed ahead of the JSON and keeps a prerelease suffix", () => {
    expect(parseVersionJson(TOFU_JSON_AFTER_DIAGNOSTICS)).toBe("1.12.6-dev");
  });

  test("rejects output without a JSON object", () => {
    expect(() => parseVersionJson("Terraform v1.11.4\non linux_amd64\n")).toThrow("no JSON object in version output");
  });

  test("rejects JSON without a usable terraform_version", () => {
    expect(() => parseVersionJson('{"platform":"linux_amd64"}')).toThrow("version output has no terraform_version");
    expect(() => parseVersionJson('{"terraform_version":"latest"}')).toThrow("version output has no terraform_version");
  });
});

describe("parseProductName", () => {
  test("tells Terraform from OpenTofu by the first line of version", () => {
    expect(parseProductName("Terraform v1.11.4\non linux_amd64\n")).toBe("terraform");
    expect(parseProductName("OpenTofu v1.12.6\non linux_amd64\n")).toBe("tofu");
  });

  test("knows nothing else", () => {
    expect(parseProductName("Pretender v1.0.0\n")).toBeUndefined();
    expect(parseProductName("on linux_amd64\nTerraform v1.11.4\n")).toBeUndefined();
    expect(parseProductName("")).toBeUndefined();
  });
});

describe("build cache location", () => {
  test("TOKENHOOKS_CACHE_DIR overrides everything", () => {
    expect(cacheDir({ TOKENHOOKS_CACHE_DIR: "/srv/cache", XDG_CACHE_HOME: "/xdg" })).toBe("/srv/cache");
  });

  test("XDG_CACHE_HOME, else ~/.cache", () => {
    expect(cacheDir({ XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/cdktf-token-hooks");
    expect(cacheDir({})).toBe(join(homedir(), ".cache", "cdktf-token-hooks"));
  });

  test("OpenTofu is kept per version", () => {
    expect(cachedTofuPath({ XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/cdktf-token-hooks/tofu-1.12.6/tofu");
  });
});
