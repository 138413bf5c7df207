import { checkProviderDefinition } from "../../../../src/plugin/framework/schema-check";
import { toyProvider } from "../../../fixtures/toy-provider/provider";

test("the toy provider used by the protocol end-to-end test has a valid schema", () => {
  expect(checkProviderDefinition(toyProvider as Parameters<typeof checkProviderDefinition>[0])).toEqual([]);
});
