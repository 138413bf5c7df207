import { TerraformStack, Testing } from "cdktf";
import { providerConstructs } from "../../../src/custom/constructs";
import { acmeSchema, widgetSchema } from "../acme";

const Widget = providerConstructs(acmeSchema).resource(widgetSchema);
const stack = new TerraformStack(Testing.app(), "stack");
// expect-error: 'createdAt' does not exist in type
new Widget(stack, "widget", { displayName: "one", createdAt: "now" });
