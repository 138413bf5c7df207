import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { attribute, resourceSchema } from "../../../src/custom";
import { providerConstructs } from "../../../src/custom/constructs";
import { TokenHooksProvider } from "../../../src";
import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../../../src/provider/address";
import { acmeSchema, gadgetSchema, widgetSchema } from "../../types/acme";

/** A plugin installed some other way: with a version, the constructs package none (and look for no module). */
const ACME_VERSION = "1.2.3";
const acme = providerConstructs(acmeSchema, { version: ACME_VERSION });
const Widget = acme.resource(widgetSchema);
const Gadget = acme.resource({ schema: gadgetSchema });

describe("constructs from a user-defined provider", () => {
  it("require the provider by its name, under the plugin host, at the version given", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        new acme.Provider(stack, "acme", { apiUrl: "https://acme.example", apiToken: "t", alias: "eu" });
      }),
    );
    expect(synthesized.terraform.required_providers).toEqual({ acme: { source: "cdktf-token-hooks.local/acme/acme", version: ACME_VERSION } });
    expect(synthesized.provider).toEqual({ acme: [{ api_url: "https://acme.example", api_token: "t", alias: "eu" }] });

    const pinned = providerConstructs({ schema: acmeSchema }, { version: "2.3.4" });
    const withVersion = JSON.parse(Testing.synthScope((stack) => void new pinned.Provider(stack, "acme", { apiUrl: "https://acme.example" })));
    expect(withVersion.terraform.required_providers.acme).toEqual({ source: "cdktf-token-hooks.local/acme/acme", version: "2.3.4" });
  });

  it("sit beside the built-in provider in one stack, each required under its own name", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        new TokenHooksProvider(stack, "tokenhooks");
        new acme.Provider(stack, "acme", { apiUrl: "https://acme.example" });
      }),
    );
    expect(synthesized.terraform.required_providers).toEqual({
      tokenhooks: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION },
      acme: { source: "cdktf-token-hooks.local/acme/acme", version: ACME_VERSION },
    });
  });

  it("synthesize camelCase props under their attribute names, write-only ones included, unset ones left out", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        new acme.Provider(stack, "acme", { apiUrl: "https://acme.example" });
        const widget = new Widget(stack, "widget", {
          displayName: "one",
          maxSize: 5,
          enabled: false,
          tags: ["a", "b"],
          ports: [80, 443],
          labels: { team: "x" },
          adminPassword: "secret",
        });
        new Gadget(stack, "gadget", { widgetId: widget.id, weight: 12, dependsOn: [widget] });
        new Widget(stack, "bare", { displayName: "two" });
      }),
    );
    expect(synthesized.resource.acme_widget.widget).toEqual({
      display_name: "one",
      max_size: 5,
      enabled: false,
      tags: ["a", "b"],
      ports: [80, 443],
      labels: { team: "x" },
      admin_password: "secret",
    });
    expect(synthesized.resource.acme_widget.bare).toEqual({ display_name: "two" });
    expect(synthesized.resource.acme_gadget.gadget).toEqual({ widget_id: "${acme_widget.widget.id}", weight: 12, depends_on: ["acme_widget.widget"] });
  });

  it("work with cdktf's Testing matchers", () => {
    const synthesized = Testing.synthScope((stack) => {
      new acme.Provider(stack, "acme", { apiUrl: "https://acme.example" });
      new Gadget(stack, "gadget", { widgetId: "w-1", weight: 3 });
    });
    expect(synthesized).toHaveResourceWithProperties(Gadget, { widget_id: "w-1", weight: 3 });
    expect(synthesized).toHaveProviderWithProperties(acme.Provider, { api_url: "https://acme.example" });
  });

  it("refuse a literal a validator rejects at synth, naming the construct path and the property", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new Widget(stack, "widget", { displayName: "Not Valid", maxSize: 0 })).toThrow(
      /stack\/widget: invalid configuration:\n {2}- displayName \(display_name\): must be lowercase letters and dashes\n {2}- maxSize \(max_size\): must be positive/,
    );
    expect(() => new acme.Provider(stack, "acme", { apiUrl: "http://acme.example" })).toThrow(/stack\/acme: invalid configuration:\n {2}- apiUrl \(api_url\): must start with https:\/\//);
    // A token is resolved by the engine; the plugin checks it then.
    const name = new TerraformVariable(stack, "name", { type: "string" });
    expect(() => new Widget(stack, "tokened", { displayName: name.stringValue })).not.toThrow();
  });

  it("have getters that reference each stored attribute with the generated constructs' token types", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        new acme.Provider(stack, "acme", { apiUrl: "https://acme.example" });
        const widget = new Widget(stack, "widget", { displayName: "one" });
        const gadget = new Gadget(stack, "gadget", { widgetId: widget.id, weight: widget.maxSize });
        const outputs = {
          created_at: widget.createdAt,
          max_size: widget.maxSize,
          enabled: widget.enabled,
          tags: widget.tags,
          ports: widget.ports,
          labels: widget.labels,
          endpoint: widget.endpoint,
          region: widget.region,
          weight: gadget.weight,
        };
        for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
      }),
    );
    const values = Object.fromEntries(Object.entries(synthesized.output as Record<string, { value: unknown }>).map(([name, output]) => [name, output.value]));
    expect(values).toEqual({
      created_at: "${acme_widget.widget.created_at}",
      max_size: "${acme_widget.widget.max_size}",
      enabled: "${acme_widget.widget.enabled}",
      tags: "${acme_widget.widget.tags}",
      ports: "${acme_widget.widget.ports}",
      labels: "${acme_widget.widget.labels}",
      endpoint: "${acme_widget.widget.endpoint}",
      region: "${acme_widget.widget.region}",
      weight: "${acme_gadget.gadget.weight}",
    });
    expect(synthesized.resource.acme_gadget.gadget.weight).toBe("${acme_widget.widget.max_size}");
  });

  it("have no getter for a write-only attribute, which is never stored", () => {
    const widget = new Widget(new TerraformStack(Testing.app(), "stack"), "widget", { displayName: "one", adminPassword: "secret" });
    expect("adminPassword" in widget).toBe(false);
    expect("displayName" in widget).toBe(true);
  });

  it("offer import code generation", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        const provider = new acme.Provider(stack, "acme", { apiUrl: "https://acme.example", alias: "eu" });
        Widget.generateConfigForImport(stack, "imported", "w-123", provider);
      }),
    );
    expect(synthesized.import).toEqual([{ id: "w-123", to: "acme_widget.imported", provider: "acme.eu" }]);
  });

  it("refuse a resource type of another provider", () => {
    expect(() => acme.resource(resourceSchema({ typeName: "other_thing", version: 0, description: "x", attributes: {} }))).toThrow(
      /resource type other_thing is not one of provider acme's \(its name must start with "acme_"\)/,
    );
  });

  it("refuse an attribute whose getter would hide a member of every resource construct", () => {
    const Counted = acme.resource(
      resourceSchema({ typeName: "acme_counted", version: 0, description: "x", attributes: { count: attribute.number({ computed: true, description: "How many." }) } }),
    );
    expect(() => new Counted(new TerraformStack(Testing.app(), "stack"), "counted")).toThrow(
      /stack\/counted: attribute count of acme_counted cannot be a construct property: "count" is a member of every resource construct/,
    );
  });
});
