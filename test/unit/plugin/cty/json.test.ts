import { cty } from "../../../../src/schema/cty-type";
import { BigDecimal, CtyValueError, decodeJson, encodeJson, UNKNOWN } from "../../../../src/plugin/cty";

describe("decodeJson (raw_state.json on the upgrade path)", () => {
  const type = cty.object({ id: cty.string, size: cty.number, ratio: cty.number, tags: cty.map(cty.string), added: cty.list(cty.string) });

  it("reads pretty-printed state without losing number precision, fills new attributes with null and drops removed ones", () => {
    const text = `{
  "id": "abc",
  "size": 12345678901234567890,
  "ratio": 0.1,
  "tags": { "__proto__": "kept", "b": "c" },
  "removed_attribute": [1, 2, 3]
}
`;
    const value = decodeJson(text, type);
    expect(value).toEqual({ id: "abc", size: new BigDecimal("12345678901234567890"), ratio: new BigDecimal("0.1"), tags: Object.fromEntries([["__proto__", "kept"], ["b", "c"]]), added: null });
    expect(Object.keys((value as { tags: object }).tags)).toEqual(["__proto__", "b"]);
  });

  it("accepts bytes as well as text", () => {
    expect(decodeJson(Buffer.from('{"id":"é","size":1.5}'), cty.object({ id: cty.string, size: cty.number }))).toEqual({ id: "é", size: 1.5 });
  });

  it.each([
    ["9007199254740993", new BigDecimal("9007199254740993")],
    ["-9007199254740991", -9007199254740991],
    ["1e30", new BigDecimal("1000000000000000000000000000000")],
    ["2.5E-1", 0.25],
    ["1.10", new BigDecimal("1.1")],
    ['"42"', 42],
  ])("number %s", (text, value) => {
    expect(decodeJson(text, cty.number)).toEqual(value);
  });

  it("converts between primitive types as go-cty does", () => {
    expect(decodeJson("5", cty.string)).toBe("5");
    expect(decodeJson("true", cty.string)).toBe("true");
    expect(decodeJson('"false"', cty.bool)).toBe(false);
  });

  it("reads a dynamic value from {value, type}", () => {
    expect(decodeJson('{"type":["list","number"],"value":[1,0.1]}', cty.dynamic)).toEqual({ type: ["list", "number"], value: [1, new BigDecimal("0.1")] });
    expect(decodeJson("null", cty.dynamic)).toBeNull();
  });

  it.each([
    ['{"id": }', type, "unexpected token at offset 7"],
    ['{"id": "a"} x', type, "unexpected text after the JSON value"],
    ['{"a": "\\q"}', cty.map(cty.string), "invalid string at offset 6"],
    ['"unterminated', cty.string, "unterminated string"],
    ["[1, 2", cty.list(cty.number), 'expected "," or "]"'],
    ["01", cty.number, "unexpected text after the JSON value"],
    ["[1]", cty.tuple([cty.number, cty.number]), "a tuple of length 2 is required (1 given)"],
    ['{"size": "big"}', type, ".size: a number is required"],
    ['{"size": [1]}', type, ".size: a number is required"],
    ['{"added": {}}', type, ".added: a JSON array is required for a list"],
    ['{"value": 1}', cty.dynamic, "missing type in dynamically-typed value"],
    ['{"type": "number"}', cty.dynamic, "missing value in dynamically-typed value"],
    ['{"type": "number", "value": 1, "x": 2}', cty.dynamic, 'invalid key "x" in dynamically-typed value'],
    ['{"type": ["list"], "value": []}', cty.dynamic, "invalid type description"],
    ["[".repeat(2000), cty.dynamic, "JSON nested too deeply"],
  ])("rejects %s", (text, targetType, message) => {
    const decode = (): unknown => decodeJson(text, targetType);
    expect(decode).toThrow(CtyValueError);
    expect(decode).toThrow(message);
  });
});

describe("encodeJson", () => {
  it("writes compact JSON with plain-notation numbers and sorted keys", () => {
    const type = cty.object({ b: cty.number, a: cty.map(cty.number), d: cty.dynamic, c: cty.set(cty.bool) });
    const value = { b: 1e21, a: { z: 1.5e-7, y: new BigDecimal("1e3") }, d: { type: cty.string, value: "x" }, c: [true] };
    expect(encodeJson(value, type)).toBe('{"a":{"y":1000,"z":0.00000015},"b":1000000000000000000000,"c":[true],"d":{"value":"x","type":"string"}}');
  });

  it.each([
    [UNKNOWN, cty.string, "an unknown value cannot be written as JSON"],
    [Infinity, cty.number, "an infinite number cannot be written as JSON"],
    [NaN, cty.number, "NaN is not a cty number"],
    [{ a: 1 }, cty.object({ a: cty.number, b: cty.number }), 'attribute "b" is required'],
    [["x"], cty.list(cty.number), "[0]: number is required (a string given)"],
  ])("rejects %s", (value, type, message) => {
    expect(() => encodeJson(value, type)).toThrow(message);
  });
});
