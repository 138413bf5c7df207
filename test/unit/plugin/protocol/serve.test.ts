import { X509Certificate } from "node:crypto";
import { handshakeLine, launchProblem, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, providerMethods } from "../../../../src/plugin/protocol/serve";
import { messages } from "../../../../src/plugin/protocol/tfplugin6";
import { createSelfSignedCertificate } from "../../../../src/tls/self-signed-cert";

const LAUNCHED = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "5,6" };

describe("launchProblem", () => {
  it("accepts the engine's environment in either protocol order", () => {
    expect(launchProblem(LAUNCHED)).toBeUndefined();
    expect(launchProblem({ ...LAUNCHED, PLUGIN_PROTOCOL_VERSIONS: "6,5" })).toBeUndefined();
    expect(launchProblem({ ...LAUNCHED, PLUGIN_PROTOCOL_VERSIONS: " 6 " })).toBeUndefined();
  });

  it("explains itself on stderr to a person who runs it", () => {
    const problem = launchProblem({}, { name: "tokenhooks", version: "0.1.0", source: "example.local/acme/tokenhooks" });
    expect(problem?.channel).toBe("stderr");
    expect(problem?.message).toContain("This program is the tokenhooks provider v0.1.0: a plugin for Terraform and OpenTofu");
    expect(problem?.message).toContain("~/.terraform.d/plugins/example.local/acme/tokenhooks/0.1.0/<os>_<arch>/terraform-provider-tokenhooks_v0.1.0");
    expect(problem?.message).toContain('source = "example.local/acme/tokenhooks"');
  });

  it("treats a wrong cookie like a missing one", () => {
    expect(launchProblem({ ...LAUNCHED, [MAGIC_COOKIE_KEY]: "other" })?.channel).toBe("stderr");
  });

  it("tells the engine on stdout when protocol 6 is not offered", () => {
    expect(launchProblem({ ...LAUNCHED, PLUGIN_PROTOCOL_VERSIONS: "5" }, { name: "toy" })).toEqual({
      channel: "stdout",
      message: "The toy provider speaks plugin protocol 6 only, but the engine offered 5; use Terraform 1.0 or later, or any OpenTofu version.",
    });
    expect(launchProblem({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE })?.message).toContain("offered none");
    expect(launchProblem({ ...LAUNCHED, PLUGIN_PROTOCOL_VERSIONS: "16" })?.channel).toBe("stdout");
  });
});

describe("handshakeLine", () => {
  it("writes go-plugin's six fields with the certificate unpadded", () => {
    // Different DER lengths need different padding; none may be left.
    for (let attempt = 0; attempt < 6; attempt++) {
      const { certDer } = createSelfSignedCertificate({ commonName: "localhost", dnsNames: ["localhost"], organization: "o".repeat(attempt) });
      const line = handshakeLine("unix", "/tmp/plugin-1.sock", certDer);
      const match = /^1\|6\|unix\|\/tmp\/plugin-1\.sock\|grpc\|([A-Za-z0-9+/]+)\n$/.exec(line);
      expect(match).not.toBeNull();
      expect(new X509Certificate(Buffer.from(match![1], "base64")).raw.equals(certDer)).toBe(true);
    }
  });

  it("leaves the certificate field empty for plaintext", () => {
    expect(handshakeLine("tcp", "127.0.0.1:4000")).toBe("1|6|tcp|127.0.0.1:4000|grpc|\n");
  });
});

describe("providerMethods", () => {
  it("serves exactly the given handlers under tfplugin6.Provider with their descriptors", async () => {
    const methods = providerMethods({ StopProvider: async () => ({ Error: "" }), GetProviderSchema: async () => ({}) });
    expect([...methods.keys()].sort()).toEqual(["/tfplugin6.Provider/GetProviderSchema", "/tfplugin6.Provider/StopProvider"]);
    const stop = methods.get("/tfplugin6.Provider/StopProvider")!;
    expect(stop.request).toBe(messages.StopProviderRequest);
    expect(stop.response).toBe(messages.StopProviderResponse);
    await expect(stop.handle({})).resolves.toEqual({ Error: "" });
  });
});
