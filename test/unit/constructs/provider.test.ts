import { Testing, TerraformStack, App } from "cdktf";
import { TokenHooksProvider, PROVIDER_SOURCE, PROVIDER_VERSION } from "../../../src";

describe("TokenHooksProvider", () => {
  it("synthesizes the hostnamed source, the exact version and snake_case settings", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        new TokenHooksProvider(stack, "tokenhooks", { tfeAddress: "http://127.0.0.1:9999", infisicalClientId: "id", alias: "prod" });
      }),
    );
    expect(synthesized.terraform.required_providers.tokenhooks).toEqual({ source: PROVIDER_SOURCE, version: PROVIDER_VERSION });
    expect(synthesized.provider.tokenhooks).toEqual([{ tfe_address: "http://127.0.0.1:9999", infisical_client_id: "id", alias: "prod" }]);
  });

  it("rejects a literal plain-http address on a non-loopback host at synth time, naming the property", () => {
    const stack = new TerraformStack(Testing.app(), "bad");
    expect(() => new TokenHooksProvider(stack, "p", { tfeAddress: "http://tfe.example.com" })).toThrow(
      /tfeAddress \(tfe_address\): must use https; plain http is only allowed on a loopback host/,
    );
  });

  it("rejects conflicting settings", () => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), "conflict");
    expect(() => new TokenHooksProvider(stack, "p", { tfeAddress: "https://a.example", tfeHostname: "b.example" })).toThrow(
      /tfeAddress and tfeHostname cannot both be set/,
    );
  });
});
