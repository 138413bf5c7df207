import { decodePrivate, encodePrivate } from "../../../../src/plugin/framework/private-state";

describe("private state", () => {
  test("round-trips a JSON object through the engine's opaque bytes", () => {
    const bytes = encodePrivate({ generation: 3, note: "x" });
    expect(decodePrivate(bytes)).toEqual({ generation: 3, note: "x" });
  });

  test("absent or empty bytes mean no private state, and no state or an empty one encodes as empty bytes", () => {
    expect(decodePrivate(undefined)).toBeUndefined();
    expect(decodePrivate(Buffer.alloc(0))).toBeUndefined();
    expect(encodePrivate(undefined)).toHaveLength(0);
    expect(encodePrivate({})).toHaveLength(0);
  });

  test("bytes that are not a JSON object are rejected", () => {
    expect(() => decodePrivate(Buffer.from("[1]"))).toThrow("not a JSON object");
    expect(() => decodePrivate(Buffer.from("not json"))).toThrow();
  });
});
