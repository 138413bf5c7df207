import * as path from "node:path";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();

// End-to-end tests drive real engines (each command launches the plugin 3–5 times) and share two
// cores with the rest of the suite, so one step can take minutes; unit tests keep jest's budget.
if (expect.getState().testPath?.includes(`${path.sep}e2e${path.sep}`)) {
  jest.setTimeout(300_000);
}
