import { cty } from "../../src/schema/cty-type";

test("cty type shorthands use Terraform's JSON type encoding", () => {
  expect(JSON.stringify(cty.map(cty.list(cty.string)))).toBe('["map",["list","string"]]');
});
