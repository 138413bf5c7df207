import { TerraformStack, Testing } from "cdktf";
import { providerConstructs } from "../../../src/custom/constructs";
import { acmeSchema, widgetSchema } from "../acme";

const Widget = providerConstructs(acmeSchema).resource(widgetSchema);
const widget = new Widget(new TerraformStack(Testing.app(), "stack"), "widget", { displayName: "one" });
// expect-error: Property 'adminPassword' does not exist
export const password = widget.adminPassword;
