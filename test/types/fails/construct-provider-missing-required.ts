import { TerraformStack, Testing } from "cdktf";
import { providerConstructs } from "../../../src/custom/constructs";
import { acmeSchema } from "../acme";

const { Provider } = providerConstructs(acmeSchema);
// expect-error: Expected 3 arguments, but got 2
new Provider(new TerraformStack(Testing.app(), "stack"), "acme");
