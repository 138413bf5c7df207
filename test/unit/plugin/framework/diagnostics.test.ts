import { cty } from "../../../../src/schema/cty-type";
import { CtyValueError } from "../../../../src/plugin/cty";
import { AttributeError, PartialStateError } from "../../../../src/plugin/framework/definition";
import { errorToIssue, providerBug, toAttributePath, toDiagnostics } from "../../../../src/plugin/framework/diagnostics";

const type = cty.object({
  name: cty.string,
  tags: cty.map(cty.string),
  ports: cty.list(cty.number),
  aliases: cty.set(cty.string),
  pair: cty.tuple([cty.string, cty.object({ inner: cty.bool })]),
});

describe("attribute paths", () => {
  test("object attributes, map keys and list indices map to their protocol steps", () => {
    expect(toAttributePath(["name"], type).steps).toEqual([{ attribute_name: "name" }]);
    expect(toAttributePath(["tags", "env"], type).steps).toEqual([{ attribute_name: "tags" }, { element_key_string: "env" }]);
    expect(toAttributePath(["ports", 2], type).steps).toEqual([{ attribute_name: "ports" }, { element_key_int: 2 }]);
    expect(toAttributePath(["pair", 1, "inner"], type).steps).toEqual([
      { attribute_name: "pair" },
      { element_key_int: 1 },
      { attribute_name: "inner" },
    ]);
  });

  test("stops at set elements, which the engine cannot address, and at steps that do not fit the type", () => {
    expect(toAttributePath(["aliases", 0], type).steps).toEqual([{ attribute_name: "aliases" }]);
    expect(toAttributePath(["ports", "x"], type).steps).toEqual([{ attribute_name: "ports" }]);
    expect(toAttributePath(["name", "deeper"], type).steps).toEqual([{ attribute_name: "name" }]);
  });
});

describe("diagnostics", () => {
  test("errors are severity 1, warnings 2, never the proto default 0", () => {
    const diagnostics = toDiagnostics(
      [
        { path: ["name"], summary: "bad", detail: "why" },
        { path: [], summary: "careful", severity: "warning" },
      ],
      type,
    );
    expect(diagnostics).toEqual([
      { severity: 1, summary: "bad", detail: "why", attribute: { steps: [{ attribute_name: "name" }] } },
      { severity: 2, summary: "careful", detail: "" },
    ]);
  });

  test("a thrown error's first line is the summary and the rest the detail", () => {
    expect(errorToIssue(new Error("Team not found\nGET /api/v2/teams/x returned 404"))).toEqual({
      path: [],
      summary: "Team not found",
      detail: "GET /api/v2/teams/x returned 404",
    });
    expect(errorToIssue("plain string")).toEqual({ path: [], summary: "plain string" });
    expect(errorToIssue(new Error("")).summary).toBe("Unexpected error");
  });

  test("an AttributeError, or a value that does not fit its type, points at its attribute", () => {
    expect(errorToIssue(new AttributeError("Expiry is in the past", ["expired_at"])).path).toEqual(["expired_at"]);
    expect(errorToIssue(new CtyValueError(["tags", "env"], "a string is required")).path).toEqual(["tags", "env"]);
  });

  test("a PartialStateError reports its cause", () => {
    const issue = errorToIssue(new PartialStateError({ id: "x" }, new AttributeError("Could not tag\nmore", ["tags"])));
    expect(issue).toEqual({ path: ["tags"], summary: "Could not tag", detail: "more" });
  });

  test("stacks never reach the diagnostic", () => {
    const error = new Error("boom");
    expect(JSON.stringify(errorToIssue(error))).not.toContain("at ");
  });

  test("provider bugs say so", () => {
    expect(providerBug("Bad plan", "name changed", ["name"]).detail).toMatch(/name changed[\s\S]*bug in the provider/);
  });
});
