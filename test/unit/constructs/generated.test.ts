import * as fs from "node:fs";
import * as path from "node:path";
import { GENERATED_DIR, renderAll } from "../../../scripts/generate-constructs";

test("the committed constructs are what the schemas generate (run `npm run generate` when this fails)", () => {
  const expected = renderAll();
  const committed = fs.readdirSync(GENERATED_DIR).sort();
  expect(committed).toEqual([...expected.keys()].sort());
  for (const [file, source] of expected) {
    expect({ file, source: fs.readFileSync(path.join(GENERATED_DIR, file), "utf8") }).toEqual({ file, source });
  }
});
