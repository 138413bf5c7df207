import { cty, type CtyType } from "../../../../src/schema/cty-type";
import { BigDecimal, CtyValueError, decodeMsgpack, encodeMsgpack, parseRefinements, Unknown, UNKNOWN, type CtyValue } from "../../../../src/plugin/cty";

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");
const ascii = (text: string): string => Buffer.from(text, "utf8").toString("hex");

describe("msgpack: bytes Terraform sends (protocol-facts appendix B)", () => {
  it("null of any type is c0", () => {
    for (const type of [cty.string, cty.number, cty.list(cty.string), cty.object({ a: cty.bool }), cty.dynamic] as CtyType[]) {
      expect(encodeMsgpack(null, type)).toEqual(hex("c0"));
      expect(decodeMsgpack(hex("c0"), type)).toBeNull();
    }
  });

  it("a wholly unknown is d4 00 00", () => {
    expect(encodeMsgpack(UNKNOWN, cty.string)).toEqual(hex("d4 00 00"));
    expect(decodeMsgpack(hex("d4 00 00"), cty.string)).toBe(UNKNOWN);
  });

  it.each([
    ["{1:false}", "c7 03 0c 81 01 c2", cty.number, { notNull: true }],
    ["{1:false, 2:\"pre-\"}", "c7 09 0c 82 01 c2 02 a4 70 72 65 2d", cty.string, { notNull: true, stringPrefix: "pre-" }],
  ])("the refined unknown %s keeps its refinements and re-encodes byte-identically", (_name, bytes, type, refinements) => {
    const decoded = decodeMsgpack(hex(bytes), type);
    expect(decoded).toBeInstanceOf(Unknown);
    expect(parseRefinements(decoded as Unknown)).toEqual(refinements);
    expect(encodeMsgpack(decoded, type)).toEqual(hex(bytes));
  });

  it.each([
    ["1.5 as float64", "cb 3ff8000000000000", 1.5],
    ["-3 as negative fixint", "fd", -3],
    ["0.1 as text (not exactly a double)", `a3 ${ascii("0.1")}`, new BigDecimal("0.1")],
    ["2^64-ish as text", `b4 ${ascii("12345678901234567890")}`, new BigDecimal("12345678901234567890")],
    ["2^53+1 as int64", "cf 0020000000000001", new BigDecimal("9007199254740993")],
  ])("number %s", (_name, bytes, value) => {
    expect(decodeMsgpack(hex(bytes), cty.number)).toEqual(value);
    expect(encodeMsgpack(value, cty.number)).toEqual(hex(bytes));
  });

  it("an empty list block is 90, not nil", () => {
    expect(decodeMsgpack(hex("90"), cty.list(cty.object({ a: cty.string })))).toEqual([]);
    expect(encodeMsgpack([], cty.list(cty.string))).toEqual(hex("90"));
  });

  it("a dynamic value is [bin(type JSON), value]", () => {
    const bytes = hex(`92 c4 08 ${ascii('"string"')} a1 78`);
    expect(decodeMsgpack(bytes, cty.dynamic)).toEqual({ type: "string", value: "x" });
    expect(encodeMsgpack({ type: "string", value: "x" }, cty.dynamic)).toEqual(bytes);
  });

  it("a dynamic slot holds a bare nil for null and a bare extension for unknown, but [type, nil] for a typed null", () => {
    expect(decodeMsgpack(hex("c0"), cty.dynamic)).toBeNull();
    expect(decodeMsgpack(hex("d4 00 00"), cty.dynamic)).toBe(UNKNOWN);
    expect(decodeMsgpack(hex(`92 c4 08 ${ascii('"number"')} c0`), cty.dynamic)).toEqual({ type: "number", value: null });
    // A refined unknown of dynamic type is written plain, as go-cty does.
    expect(encodeMsgpack(new Unknown(hex("81 01 c2")), cty.dynamic)).toEqual(hex("d4 00 00"));
  });

  it("int64 9007199254740993 round-trips exactly", () => {
    const bytes = encodeMsgpack(new BigDecimal("9007199254740993"), cty.number);
    expect(bytes).toEqual(hex("cf 0020000000000001"));
    expect(decodeMsgpack(bytes, cty.number)).toEqual(new BigDecimal("9007199254740993"));
    expect(decodeMsgpack(hex("d3 ffdfffffffffffff"), cty.number)).toEqual(new BigDecimal("-9007199254740993"));
  });

  it("writes objects with every attribute, keys sorted, as Terraform does", () => {
    const type = cty.object({ name: cty.string, id: cty.string, size: cty.number });
    expect(encodeMsgpack({ size: 2, name: "n", id: null }, type)).toEqual(hex(`83 a2 ${ascii("id")} c0 a4 ${ascii("name")} a1 6e a4 ${ascii("size")} 02`));
  });
});

describe("msgpack: every wire form a decoder must accept", () => {
  it.each([
    ["positive fixint", "7f", 127],
    ["uint8", "cc ff", 255],
    ["uint16", "cd ffff", 65535],
    ["uint32", "ce ffffffff", 4294967295],
    ["uint64 in safe range", "cf 001fffffffffffff", 9007199254740991],
    ["uint64 max", "cf ffffffffffffffff", new BigDecimal("18446744073709551615")],
    ["negative fixint", "e0", -32],
    ["int8", "d0 80", -128],
    ["int16", "d1 8000", -32768],
    ["int32", "d2 80000000", -2147483648],
    ["int64 min", "d3 8000000000000000", new BigDecimal("-9223372036854775808")],
    ["float32", "ca 3fc00000", 1.5],
    ["float64 +Inf", "cb 7ff0000000000000", Infinity],
    ["str8 text", `d9 03 ${ascii("2.5")}`, 2.5],
    ["str16 text", `da 0004 ${ascii("1e30")}`, new BigDecimal("1000000000000000000000000000000")],
    ["bin text", `c4 02 ${ascii("-7")}`, -7],
    ["text that is an exact double", `a1 ${ascii("5")}`, 5],
    ["text with a trailing point", `a2 ${ascii("1.")}`, 1],
    ["text with a leading point", `a2 ${ascii(".5")}`, 0.5],
    ["text naming an infinity", `a4 ${ascii("-Inf")}`, -Infinity],
  ])("number from %s", (_name, bytes, value) => {
    expect(decodeMsgpack(hex(bytes), cty.number)).toEqual(value);
  });

  it.each([
    ["fixstr", `a3 ${ascii("hé")}`, "hé"],
    ["str8", `d9 02 ${ascii("ab")}`, "ab"],
    ["str16", `da 0002 ${ascii("ab")}`, "ab"],
    ["str32", `db 00000002 ${ascii("ab")}`, "ab"],
    ["bin8", `c4 02 ${ascii("ab")}`, "ab"],
  ])("string from %s", (_name, bytes, value) => {
    expect(decodeMsgpack(hex(bytes), cty.string)).toBe(value);
  });

  it.each([
    ["fixext1 type 0", "d4 00 00"],
    ["fixext1 any type", "d4 05 ff"],
    ["ext8 with empty payload", "c7 00 00"],
    ["ext16 with one byte", "c8 0001 03 00"],
    ["ext32 with one byte", "c9 00000001 00 00"],
  ])("a plain unknown from %s", (_name, bytes) => {
    expect(decodeMsgpack(hex(bytes), cty.list(cty.string))).toBe(UNKNOWN);
  });

  it.each([
    ["fixext2", "d5 0c 80 00", {}],
    ["fixext4", "d6 0c 81 05 01 00", { lengthMin: 1 }],
    ["fixext8", "d7 0c 82 05 01 06 cc c8 c0 c0", { lengthMin: 1, lengthMax: 200 }],
    ["ext16", "c8 0003 0c 81 01 c2", { notNull: true }],
    ["ext32", "c9 00000003 0c 81 01 c2", { notNull: true }],
  ])("a refined unknown from %s", (_name, bytes, refinements) => {
    const decoded = decodeMsgpack(hex(bytes), cty.set(cty.string));
    expect(decoded).toBeInstanceOf(Unknown);
    expect(parseRefinements(decoded as Unknown)).toEqual(refinements);
  });

  it("reads number bounds in any number form and ignores refinement keys it does not know", () => {
    const decoded = decodeMsgpack(hex(`c7 10 0c 83 03 92 01 c3 04 92 a3 ${ascii("0.3")} c2 09 92 01 02`), cty.number) as Unknown;
    expect(parseRefinements(decoded)).toEqual({
      numberLower: { value: 1, inclusive: true },
      numberUpper: { value: new BigDecimal("0.3"), inclusive: false },
    });
  });

  it("accepts object keys in any order and maps with str8 keys", () => {
    const type = cty.object({ a: cty.number, b: cty.map(cty.bool) });
    expect(decodeMsgpack(hex(`82 a1 62 81 d9 01 6b c3 a1 61 01`), type)).toEqual({ a: 1, b: { k: true } });
  });

  it("keeps map keys such as __proto__ as ordinary keys", () => {
    const value = decodeMsgpack(encodeMsgpack(Object.fromEntries([["__proto__", "x"]]), cty.map(cty.string)), cty.map(cty.string));
    expect(Object.keys(value as object)).toEqual(["__proto__"]);
  });
});

describe("msgpack: numbers are written as go-cty writes them", () => {
  it.each([
    [0, "00"],
    [127, "7f"],
    [128, "cc 80"],
    [256, "cd 0100"],
    [65536, "ce 00010000"],
    [2 ** 32, "cf 0000000100000000"],
    [-33, "d0 df"],
    [-129, "d1 ff7f"],
    [-32769, "d2 ffff7fff"],
    [-(2 ** 31) - 1, "d3 ffffffff7fffffff"],
    [2 ** 60, "cf 1000000000000000"],
    [1e20, "cb 4415af1d78b58c40"],
    [-Infinity, "cb fff0000000000000"],
    [-0, "00"],
    [new BigDecimal("1.0"), "01"],
    [new BigDecimal("-2.50"), "cb c004000000000000"],
    [new BigDecimal("1e22"), "cb 4480f0cf064dd592"],
    [new BigDecimal("0.10"), `a3 ${ascii("0.1")}`],
  ] as [number | BigDecimal, string][])("%s", (value, bytes) => {
    expect(encodeMsgpack(value, cty.number).toString("hex")).toBe(hex(bytes).toString("hex"));
  });
});

describe("msgpack: errors", () => {
  const expectError = (action: () => unknown, message: RegExp | string): void => {
    expect(action).toThrow(CtyValueError);
    expect(action).toThrow(message);
  };

  it("names a missing attribute when encoding", () => {
    expectError(() => encodeMsgpack({ a: "x", b: { c: 1 } }, cty.object({ a: cty.string, b: cty.object({ c: cty.number, d: cty.string }) })), '.b: attribute "d" is required');
  });

  it("rejects an attribute the type does not have when encoding", () => {
    expectError(() => encodeMsgpack({ a: "x", extra: 1 }, cty.object({ a: cty.string })), ".extra: unsupported attribute");
  });

  it("rejects an object with too few or too many attributes when decoding, as go-cty words it", () => {
    const type = cty.object({ a: cty.string, b: cty.string });
    expectError(() => decodeMsgpack(hex("81 a1 61 c0"), type), "an object with 2 attributes is required (1 given)");
    expectError(() => decodeMsgpack(hex("83 a1 61 c0 a1 62 c0 a1 63 c0"), type), "an object with 2 attributes is required (3 given)");
    expectError(() => decodeMsgpack(hex("80"), type), "an object with 2 attributes is required (0 given)");
  });

  it("rejects an unknown attribute and a duplicated one when decoding", () => {
    const type = cty.object({ a: cty.string, b: cty.string });
    expectError(() => decodeMsgpack(hex("82 a1 61 c0 a1 7a c0"), type), ".z: unsupported attribute");
    expectError(() => decodeMsgpack(hex("82 a1 61 c0 a1 61 c0"), type), ".a: duplicate key");
  });

  it("rejects a tuple of the wrong length both ways", () => {
    const type = cty.tuple([cty.string, cty.number]);
    expectError(() => encodeMsgpack(["x"], type), "a tuple of length 2 is required (1 given)");
    expectError(() => decodeMsgpack(hex("93 c0 c0 c0"), type), "a tuple of length 2 is required (3 given)");
  });

  it("rejects extensions that are not unknowns", () => {
    expectError(() => decodeMsgpack(hex("d5 01 00 00"), cty.string), "unsupported extension type 0x01 with len 2");
    expectError(() => decodeMsgpack(hex("d6 ff 81 01 c2 00"), cty.string), "unsupported extension type 0xff with len 4");
    expectError(() => decodeMsgpack(hex("d5 0c 01 c2"), cty.string), "malformed unknown value refinements: not a map");
    expectError(() => decodeMsgpack(Buffer.concat([hex("c9 00000401 0c 80"), Buffer.alloc(1024)]), cty.string), "oversize unknown value refinement");
  });

  it("rejects refinements that cannot apply to the type", () => {
    expectError(() => decodeMsgpack(hex("c7 09 0c 82 01 c2 02 a4 70 72 65 2d"), cty.number), "string prefix refinement for non-string type");
    expectError(() => decodeMsgpack(hex("d6 0c 81 05 01 00"), cty.string), "length bound refinement for non-collection type");
  });

  it("reports wrong kinds with their path", () => {
    const type = cty.object({ tags: cty.map(cty.list(cty.number)) });
    expectError(() => decodeMsgpack(hex(`81 a4 ${ascii("tags")} 81 a1 6b 91 a1 78`), type), ".tags.k[0]: a number is required");
    expectError(() => encodeMsgpack({ tags: { "a b": [true] } }, type), '.tags["a b"][0]: number is required (a boolean given)');
    expectError(() => encodeMsgpack("x", cty.dynamic), "a value of dynamic type must be a DynamicValue");
    expectError(() => encodeMsgpack(NaN, cty.number), "NaN is not a cty number");
    expectError(() => decodeMsgpack(hex(`a4 ${ascii("1e5x")}`), cty.number), "a number is required");
    expectError(() => decodeMsgpack(hex("cb 7ff8000000000000"), cty.number), "a number is required");
    expectError(() => encodeMsgpack(new BigDecimal("12abc"), cty.number), '"12abc" is not a decimal number');
  });

  it("rejects truncated input, trailing bytes and invalid type codes", () => {
    expectError(() => decodeMsgpack(hex("a3 61 62"), cty.string), "msgpack data ends early");
    expectError(() => decodeMsgpack(hex("c0 c0"), cty.string), "unexpected bytes after the value");
    expectError(() => decodeMsgpack(hex("c1"), cty.string), "invalid msgpack type code 0xc1");
    expectError(() => decodeMsgpack(hex(`92 c4 05 ${ascii('"foo"')} c0`), cty.dynamic), "invalid type description");
  });
});

describe("msgpack: encode(decode(bytes)) for the dynamic and nested cases", () => {
  it.each<[string, CtyType, CtyValue]>([
    ["list of dynamic", cty.list(cty.dynamic), [{ type: cty.list(cty.number), value: [1, new BigDecimal("0.1")] }, null, UNKNOWN]],
    ["object with tuple", cty.object({ t: cty.tuple([cty.string, cty.set(cty.bool)]) }), { t: ["s", [true, false]] }],
  ])("%s", (_name, type, value) => {
    const bytes = encodeMsgpack(value, type);
    expect(encodeMsgpack(decodeMsgpack(bytes, type), type)).toEqual(bytes);
  });
});
