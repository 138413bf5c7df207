import { cty, type CtyType } from "../../../../src/schema/cty-type";
import { describeType, elementType, isPrimitive, nullObject, objectAttributeTypes, sameType, typeFromJson, typeToJsonBytes } from "../../../../src/plugin/cty";

describe("cty type helpers", () => {
  it("writes Schema.Attribute.type bytes as go-cty marshals types, object attributes sorted", () => {
    expect(typeToJsonBytes(cty.string).toString("hex")).toBe("22737472696e6722");
    expect(typeToJsonBytes(cty.list(cty.string)).toString()).toBe('["list","string"]');
    expect(typeToJsonBytes(cty.object({ b: cty.number, a: cty.tuple([cty.bool, cty.dynamic]) })).toString()).toBe('["object",{"a":["tuple",["bool","dynamic"]],"b":"number"}]');
    expect(typeToJsonBytes(["object", { b: cty.string, a: cty.string }, ["b", "a"]]).toString()).toBe('["object",{"a":"string","b":"string"},["a","b"]]');
  });

  it("reads every type back from its JSON", () => {
    const types: CtyType[] = [cty.bool, cty.set(cty.map(cty.number)), cty.object({ x: cty.list(cty.dynamic) }), ["object", { a: cty.string }, ["a"]], cty.tuple([])];
    for (const type of types) expect(sameType(typeFromJson(typeToJsonBytes(type).toString()), type)).toBe(true);
  });

  it.each(['"text"', '["list"]', '["map","string","x"]', '["tuple","string"]', '["object",{"a":"string"},["b"]]', "not json", "{}"])("rejects the type description %s", (text) => {
    expect(() => typeFromJson(text)).toThrow(TypeError);
  });

  it("compares types structurally, ignoring attribute order", () => {
    expect(sameType(cty.object({ a: cty.string, b: cty.number }), cty.object({ b: cty.number, a: cty.string }))).toBe(true);
    expect(sameType(cty.object({ a: cty.string }), cty.object({ a: cty.number }))).toBe(false);
    expect(sameType(cty.object({ a: cty.string }), ["object", { a: cty.string }, ["a"]])).toBe(false);
    expect(sameType(cty.list(cty.string), cty.set(cty.string))).toBe(false);
    expect(sameType(cty.tuple([cty.string]), cty.tuple([cty.string, cty.string]))).toBe(false);
  });

  it("answers questions about a type", () => {
    const object = cty.object({ id: cty.string, tags: cty.map(cty.string) });
    expect(objectAttributeTypes(object)).toEqual({ id: "string", tags: ["map", "string"] });
    expect(elementType(cty.map(cty.bool))).toBe("bool");
    expect(isPrimitive(cty.number)).toBe(true);
    expect(isPrimitive(cty.dynamic)).toBe(false);
    expect(describeType(cty.list(cty.set(cty.string)))).toBe("list of set of string");
    expect(nullObject(object)).toEqual({ id: null, tags: null });
    expect(() => objectAttributeTypes(cty.string)).toThrow("an object type is required, not string");
    expect(() => elementType(cty.tuple([]))).toThrow("a collection type is required, not tuple");
  });
});
