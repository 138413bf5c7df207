import { BigDecimal, UNKNOWN } from "../../../../src/plugin/cty/values";
import { checkAppliedAsPlanned, checkKnown, checkShape, fillMissing, withoutWriteOnly } from "../../../../src/plugin/framework/state-checks";
import { widget, widgetSchema } from "./fixtures";

describe("shape of returned objects", () => {
  test("every attribute must be present and nothing else", () => {
    const { note: _note, ...missingNote } = widget({ name: "w" });
    const issues = checkShape(widgetSchema, { ...missingNote, colour: "red" }, "read");
    expect(issues).toHaveLength(1);
    expect(issues[0].detail).toContain('The read hook returned an object where attribute "note" is missing, "colour" is not an attribute');
    expect(checkShape(widgetSchema, widget(), "read")).toEqual([]);
  });

  test("import results are completed with nulls", () => {
    expect(fillMissing(widgetSchema, { id: "w-1" })).toEqual(widget({ id: "w-1" }));
  });

  test("write-only values are dropped", () => {
    expect(withoutWriteOnly(widgetSchema, widget({ password: "pw", name: "w" }))).toEqual(widget({ name: "w" }));
  });

  test("stored objects must be wholly known, including nested values", () => {
    expect(checkKnown(widgetSchema, widget({ id: UNKNOWN, ports: [1, UNKNOWN] }), "apply")).toEqual([
      expect.objectContaining({ path: ["id"] }),
      expect.objectContaining({ path: ["ports"] }),
    ]);
  });
});

describe("apply result against plan", () => {
  const planned = widget({ id: UNKNOWN, name: "w", token: UNKNOWN, size: new BigDecimal("9007199254740993"), tags: { a: "1" }, ports: [1, UNKNOWN], aliases: ["x", UNKNOWN] });
  const actual = widget({ id: "w-1", name: "w", token: "t", size: new BigDecimal("9007199254740993"), tags: { a: "1" }, ports: [1, 2], aliases: ["x", "y"] });

  test("unknown planned values may become anything; known ones must come back unchanged", () => {
    expect(checkAppliedAsPlanned(widgetSchema, planned, actual)).toEqual([]);
  });

  test.each([
    ["a changed primitive", { name: "v" }, "name"],
    ["null instead of a value", { name: null }, "name"],
    ["a value instead of null", { note: "n" }, "note"],
    ["a number rounded through a double", { size: 9007199254740992 }, "size"],
    ["a changed list element", { ports: [3, 2] }, "ports.0"],
    ["a longer list", { ports: [1, 2, 3] }, "ports"],
    ["a new map key", { tags: { a: "1", b: "2" } }, "tags"],
    ["a grown set", { aliases: ["x", "y", "z"] }, "aliases"],
  ])("reports %s, naming the attribute", (_label, change, where) => {
    const issues = checkAppliedAsPlanned(widgetSchema, planned, { ...actual, ...change });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toEqual([where.split(".")[0]]);
    expect(issues[0].detail).toContain(`demo_widget.${where} was planned as`);
  });

  test("a wholly known planned set must match exactly, in any order", () => {
    const knownSet = { ...planned, aliases: ["x", "y"] };
    expect(checkAppliedAsPlanned(widgetSchema, knownSet, { ...actual, aliases: ["y", "x"] })).toEqual([]);
    expect(checkAppliedAsPlanned(widgetSchema, knownSet, { ...actual, aliases: ["x"] })).toHaveLength(1);
  });

  test("sensitive values are not shown in the message", () => {
    const issues = checkAppliedAsPlanned(widgetSchema, { ...planned, token: "planned-secret" }, actual);
    expect(issues).toHaveLength(1);
    expect(JSON.stringify(issues)).not.toContain("planned-secret");
  });
});
