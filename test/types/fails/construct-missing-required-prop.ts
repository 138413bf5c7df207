import { TerraformStack, Testing } from "cdktf";
import { providerConstructs } from "../../../src/custom/constructs";
import { acmeSchema, gadgetSchema } from "../acme";

const Gadget = providerConstructs(acmeSchema).resource(gadgetSchema);
const stack = new TerraformStack(Testing.app(), "stack");
// expect-error: Property 'weight' is missing
new Gadget(stack, "gadget", { widgetId: "w-1" });
