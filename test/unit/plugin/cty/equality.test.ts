import { cty, type CtyType } from "../../../../src/schema/cty-type";
import { BigDecimal, containsUnknown, ctyEqual, isWhollyKnown, numbersEqual, sameValue, Unknown, UNKNOWN, type CtyNumber, type CtyValue } from "../../../../src/plugin/cty";

describe("numbersEqual follows go-cty rawNumberEqual", () => {
  it.each<[CtyNumber, CtyNumber]>([
    [1, new BigDecimal("1.0")],
    [0.1, new BigDecimal("0.1")],
    [new BigDecimal("1e3"), 1000],
    [-0, 0],
    [new BigDecimal("12345678901234567890"), new BigDecimal("12345678901234567890.000")],
    [Infinity, Infinity],
    [1.5e-7, new BigDecimal("0.00000015")],
  ])("%s equals %s", (a, b) => {
    expect(numbersEqual(a, b)).toBe(true);
    expect(numbersEqual(b, a)).toBe(true);
  });

  it.each<[CtyNumber, CtyNumber]>([
    // Integers compare exactly, so the rounded double does not match the exact integer.
    [12345678901234567000, new BigDecimal("12345678901234567890")],
    [9007199254740992, new BigDecimal("9007199254740993")],
    [1e300, new BigDecimal(`1${"0".repeat(300)}`)],
    [0.1, new BigDecimal("0.1000000000000000055511151231257827")],
    [1, new BigDecimal("1.0000000000000000001")],
    [Infinity, -Infinity],
    [2, -2],
  ])("%s differs from %s", (a, b) => {
    expect(numbersEqual(a, b)).toBe(false);
    expect(numbersEqual(b, a)).toBe(false);
  });
});

describe("ctyEqual", () => {
  const type = cty.object({
    name: cty.string,
    tags: cty.map(cty.string),
    ports: cty.set(cty.number),
    pair: cty.tuple([cty.bool, cty.list(cty.number)]),
    extra: cty.dynamic,
  });
  const value: CtyValue = {
    name: "a",
    tags: { env: "prod", team: "x" },
    ports: [80, 443],
    pair: [true, [1, 2]],
    extra: { type: cty.number, value: 1 },
  };

  it("is true for equal values, regardless of set order, map key order and number form", () => {
    const same: CtyValue = {
      extra: { type: cty.number, value: new BigDecimal("1.0") },
      pair: [true, [new BigDecimal("1"), 2]],
      ports: [443, 80],
      tags: { team: "x", env: "prod" },
      name: "a",
    };
    expect(ctyEqual(value, same, type)).toBe(true);
  });

  it.each<[string, Record<string, CtyValue>]>([
    ["a string", { name: "b" }],
    ["a map entry", { tags: { env: "prod" } }],
    ["a set element", { ports: [80, 8080] }],
    ["a tuple element", { pair: [false, [1, 2]] }],
    ["a list order", { pair: [true, [2, 1]] }],
    ["a dynamic type", { extra: { type: cty.string, value: "1" } }],
    ["null against a value", { name: null }],
  ])("is false when %s differs", (_name, change) => {
    expect(ctyEqual(value, { ...(value as object), ...change }, type)).toBe(false);
  });

  it("treats null as equal to null, and a missing attribute (or undefined from reading one) as null", () => {
    const record: Record<string, CtyValue> = {};
    expect(ctyEqual(null, null, cty.string)).toBe(true);
    expect(ctyEqual({ a: null }, {}, cty.object({ a: cty.string }))).toBe(true);
    expect(ctyEqual(record.missing as CtyValue, null, cty.number)).toBe(true);
    expect(ctyEqual(record.missing as CtyValue, 1, cty.number)).toBe(false);
    expect(isWhollyKnown(record.missing as CtyValue, cty.list(cty.string))).toBe(true);
  });

  it("never counts an unknown as equal, not even to itself; sameValue does when refinements match", () => {
    const refined = new Unknown(Buffer.from("8101c2", "hex"));
    expect(ctyEqual(UNKNOWN, UNKNOWN, cty.string)).toBe(false);
    expect(ctyEqual(["a", UNKNOWN], ["a", UNKNOWN], cty.list(cty.string))).toBe(false);
    expect(sameValue(["a", UNKNOWN], ["a", UNKNOWN], cty.list(cty.string))).toBe(true);
    expect(sameValue(refined, new Unknown(Buffer.from("8101c2", "hex")), cty.string)).toBe(true);
    expect(sameValue(refined, UNKNOWN, cty.string)).toBe(false);
    expect(sameValue(UNKNOWN, "a", cty.string)).toBe(false);
  });
});

describe("isWhollyKnown / containsUnknown", () => {
  it.each<[string, CtyType, CtyValue, boolean]>([
    ["null", cty.string, null, true],
    ["an unknown", cty.string, UNKNOWN, false],
    ["an object with an unknown attribute", cty.object({ a: cty.string, b: cty.string }), { a: "x", b: UNKNOWN }, false],
    ["a map without unknowns", cty.map(cty.number), { a: 1 }, true],
    ["a set holding an unknown", cty.set(cty.string), ["a", UNKNOWN], false],
    ["a tuple holding an unknown", cty.tuple([cty.string, cty.bool]), ["a", UNKNOWN], false],
    ["a dynamic value wrapping an unknown", cty.dynamic, { type: cty.list(cty.string), value: [UNKNOWN] }, false],
    ["a dynamic value wrapping a known list", cty.dynamic, { type: cty.list(cty.string), value: ["a"] }, true],
  ])("%s", (_name, type, value, known) => {
    expect(isWhollyKnown(value, type)).toBe(known);
    expect(containsUnknown(value, type)).toBe(!known);
  });
});
