import { TerraformStack, Testing, type IResolvable } from "cdktf";
import { providerConstructs } from "../../../src/custom/constructs";
import { acmeSchema, gadgetSchema, widgetSchema } from "../acme";

const acme = providerConstructs(acmeSchema);
const Widget = acme.resource(widgetSchema);
const Gadget = acme.resource({ schema: gadgetSchema });
const stack = new TerraformStack(Testing.app(), "stack");

new acme.Provider(stack, "acme", { apiUrl: "https://acme.example", alias: "eu" });
// Only the required prop; optional, defaulted and write-only ones may be left out.
const widget = new Widget(stack, "widget", { displayName: "one" });
new Widget(stack, "full", {
  displayName: widget.region,
  maxSize: 3,
  enabled: false,
  tags: ["a", widget.id],
  ports: widget.ports,
  labels: { team: "x" },
  adminPassword: "secret",
  dependsOn: [widget],
});
const gadget = new Gadget(stack, "gadget", { widgetId: widget.id, weight: 12 });

// Getters are the generated constructs' reference tokens, typed from each attribute.
export const createdAt: string = widget.createdAt;
export const maxSize: number = widget.maxSize;
export const enabled: IResolvable = widget.enabled;
export const tags: string[] = widget.tags;
export const ports: number[] = widget.ports;
export const labels: { [key: string]: string } = widget.labels;
export const endpoint: IResolvable = widget.endpoint;
export const weight: number = gadget.weight;
