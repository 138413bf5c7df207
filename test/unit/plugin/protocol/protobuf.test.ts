import fc from "fast-check";
import { decodeMessage, encodeMessage, field, message, ProtobufError, type MessageDescriptor } from "../../../../src/plugin/protocol/protobuf";
import { messages } from "../../../../src/plugin/protocol/tfplugin6";
import { EmptyMessage, HealthCheckRequest, HealthCheckResponse } from "../../../../src/plugin/protocol/go-plugin";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const bytes = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");

describe("exact encodings", () => {
  it("encodes a diagnostic as protoc would", () => {
    expect(hex(encodeMessage(messages.Diagnostic, { severity: 1, summary: "x" }))).toBe("0801120178");
  });

  it("nests messages with a length prefix", () => {
    // ValidateResourceConfig.Response{diagnostics:[{severity:2, summary:"w", attribute:{steps:[{attribute_name:"a"}]}}]}
    const encoded = encodeMessage(messages.ValidateResourceConfigResponse, {
      diagnostics: [{ severity: 2, summary: "w", attribute: { steps: [{ attribute_name: "a" }] } }],
    });
    expect(hex(encoded)).toBe("0a0c" + "0802" + "120177" + "2205" + "0a03" + "0a0161");
  });

  it("writes a oneof member even when it holds the default value", () => {
    expect(hex(encodeMessage(messages.AttributePath, { steps: [{ element_key_int: 0 }] }))).toBe("0a021800");
    expect(hex(encodeMessage(messages.AttributePath, { steps: [{ attribute_name: "" }] }))).toBe("0a020a00");
  });

  it("omits proto3 defaults", () => {
    expect(encodeMessage(messages.Diagnostic, { severity: 0, summary: "", detail: "" })).toHaveLength(0);
    expect(encodeMessage(messages.ApplyResourceChangeResponse, { private: Buffer.alloc(0), diagnostics: [], legacy_type_system: false, new_state: undefined })).toHaveLength(0);
    expect(hex(encodeMessage(messages.PlanResourceChangeResponse, { legacy_type_system: false, planned_state: {} }))).toBe("0a00");
  });

  it("writes negative int64 as ten-byte two's complement and reads it back", () => {
    const encoded = encodeMessage(messages.UpgradeResourceStateRequest, { type_name: "t", version: -1 });
    expect(hex(encoded)).toBe("0a0174" + "10ffffffffffffffffff01");
    expect(decodeMessage(messages.UpgradeResourceStateRequest, encoded)).toEqual({ type_name: "t", version: -1 });
  });

  it("keeps int64 values beyond 2^53 exact as bigint", () => {
    const big = 2n ** 53n + 1n;
    const encoded = encodeMessage(messages.UpgradeResourceStateRequest, { version: big });
    expect(decodeMessage<{ version: unknown }>(messages.UpgradeResourceStateRequest, encoded).version).toBe(big);
    expect(decodeMessage<{ version: unknown }>(messages.UpgradeResourceStateRequest, encodeMessage(messages.UpgradeResourceStateRequest, { version: 7n })).version).toBe(7);
  });

  it("encodes maps as repeated entries with key 1 and value 2", () => {
    const encoded = encodeMessage(messages.GetProviderSchemaResponse, { resource_schemas: { r: { version: 1 } } });
    expect(hex(encoded)).toBe("1207" + "0a0172" + "1202" + "0801");
  });

  it("decodes a message the way the engine sends ConfigureProvider", () => {
    // terraform_version "1.11.4", config {msgpack: 0x80}, client_capabilities {write_only_attributes_allowed: true}
    const wire = bytes("0a06 312e31312e34  1203 0a0180  1a02 1001");
    expect(decodeMessage(messages.ConfigureProviderRequest, wire)).toEqual({
      terraform_version: "1.11.4",
      config: { msgpack: Buffer.from([0x80]), json: Buffer.alloc(0) },
      client_capabilities: { deferral_allowed: false, write_only_attributes_allowed: true, store_planned_private: false, computed_blocks_allowed: false },
    });
  });
});

describe("decoding rules", () => {
  it("fills proto3 defaults and leaves absent messages absent", () => {
    const decoded = decodeMessage(messages.ReadResourceRequest, Buffer.alloc(0));
    expect(decoded).toStrictEqual({ type_name: "", private: Buffer.alloc(0) });
    expect(decodeMessage(messages.RawState, Buffer.alloc(0))).toEqual({ json: Buffer.alloc(0), flatmap: {} });
    expect(decodeMessage(messages.AttributePathStep, Buffer.alloc(0))).toStrictEqual({});
  });

  it("skips unknown fields of every wire type", () => {
    const unknown = bytes("f807 05" + "f907 0102030405060708" + "fa07 03 616263" + "fd07 01020304");
    const wire = Buffer.concat([unknown, encodeMessage(messages.Diagnostic, { severity: 2 }), unknown]);
    expect(decodeMessage(messages.Diagnostic, wire)).toEqual({ severity: 2, summary: "", detail: "" });
  });

  it("reads packed and unpacked repeated numbers", () => {
    const Numbers = message("test.Numbers", field(1, "values", "int64", "repeated"), field(2, "flags", "bool", "repeated"));
    expect(hex(encodeMessage(Numbers, { values: [1, 300, -1] }))).toBe("0a0d" + "01" + "ac02" + "ffffffffffffffffff01");
    const unpacked = bytes("0801 08ac02 1001 1000");
    expect(decodeMessage(Numbers, unpacked)).toEqual({ values: [1, 300], flags: [true, false] });
    const mixed = Buffer.concat([encodeMessage(Numbers, { values: [5, 6] }), bytes("0807")]);
    expect(decodeMessage(Numbers, mixed)).toEqual({ values: [5, 6, 7], flags: [] });
  });

  it("merges repeated occurrences of a singular message field and keeps the last scalar", () => {
    const first = encodeMessage(messages.ReadResourceRequest, { type_name: "a", current_state: { msgpack: Buffer.from([1]) } });
    const second = encodeMessage(messages.ReadResourceRequest, { type_name: "b", current_state: { json: Buffer.from("{}") } });
    expect(decodeMessage(messages.ReadResourceRequest, Buffer.concat([first, second]))).toEqual({
      type_name: "b",
      private: Buffer.alloc(0),
      current_state: { msgpack: Buffer.from([1]), json: Buffer.from("{}") },
    });
  });

  it("gives a map entry without a value the value type's default", () => {
    const wire = bytes("1203 0a0172");
    expect(decodeMessage(messages.GetProviderSchemaResponse, wire)).toMatchObject({ resource_schemas: { r: { version: 0 } } });
    expect(decodeMessage(messages.RawState, bytes("1203 0a016b"))).toEqual({ json: Buffer.alloc(0), flatmap: { k: "" } });
  });

  it("does not let a map key reach an object prototype", () => {
    const decoded = decodeMessage<{ flatmap: Record<string, string> }>(messages.RawState, encodeMessage(messages.RawState, { flatmap: JSON.parse('{"__proto__":"x"}') }));
    expect(Object.keys(decoded.flatmap)).toEqual(["__proto__"]);
    expect(decoded.flatmap["__proto__"]).toBe("x");
  });

  it.each([
    ["a truncated length", "1205 0a01"],
    ["a varint that never ends", "08ffffffffffffffffffff"],
    ["input ending inside a varint", "08ff"],
    ["a wrong wire type for a known field", "0d01020304"],
    ["field number 0", "0001"],
    ["a group wire type", "0b"],
  ])("rejects %s", (_case, wire) => {
    expect(() => decodeMessage(messages.Diagnostic, bytes(wire))).toThrow(ProtobufError);
  });
});

describe("encoding checks", () => {
  it.each([
    [messages.Diagnostic, { summary: 1 }, "tfplugin6.Diagnostic.summary: expected a string"],
    [messages.Diagnostic, { severity: 1.5 }, "tfplugin6.Diagnostic.severity: expected an integer for enum"],
    [messages.Diagnostic, { severity: 2 ** 31 }, "tfplugin6.Diagnostic.severity: out of range for enum"],
    [messages.Diagnostic, { sumary: "typo" }, 'tfplugin6.Diagnostic has no field named "sumary"'],
    [messages.DynamicValue, { msgpack: "c0" }, "tfplugin6.DynamicValue.msgpack: expected a Buffer or Uint8Array"],
    [messages.ServerCapabilities, { plan_destroy: 1 }, "tfplugin6.ServerCapabilities.plan_destroy: expected a boolean"],
    [messages.ValidateResourceConfigResponse, { diagnostics: {} }, "tfplugin6.ValidateResourceConfig.Response.diagnostics: expected an array"],
    [messages.GetProviderSchemaResponse, { resource_schemas: [] }, "tfplugin6.GetProviderSchema.Response.resource_schemas: expected an object used as a map"],
    [messages.UpgradeResourceStateRequest, { version: 2n ** 63n }, "tfplugin6.UpgradeResourceState.Request.version: out of range for int64"],
  ] as [MessageDescriptor, object, string][])("rejects %#", (descriptor, value, error) => {
    expect(() => encodeMessage(descriptor, value)).toThrow(error);
  });

  it("does not put the offending value in the error", () => {
    expect(() => encodeMessage(messages.Diagnostic, { summary: Buffer.from("secret-value") })).toThrow(/^(?!.*secret-value)/);
  });
});

/**
 * A message with every field set to a non-default value (maps and lists with two entries), nested
 * messages down to `depth` (the schema messages nest recursively). Decoding its encoding must
 * give it back unchanged.
 */
function sample(descriptor: MessageDescriptor, depth = 3): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const { name, type, rule, number } of descriptor.fields) {
    const one = (index: number): unknown => {
      if (typeof type === "function") return sample(type(), depth - 1);
      switch (type) {
        case "string":
          return `${name}-${index}-é`;
        case "bytes":
          return Buffer.from(`${name}${index}`);
        case "bool":
          return true;
        case "int64":
          return index === 0 ? 2n ** 60n + BigInt(number) : -number;
        case "uint64":
          return 2n ** 64n - 1n;
        default:
          return number + index;
      }
    };
    // Below the depth limit, nested messages stay as decoding leaves them when absent.
    const leaf = typeof type === "function" && depth === 0;
    if (rule === "repeated") value[name] = leaf ? [] : [one(0), one(1)];
    else if (rule === "map") value[name] = leaf ? {} : { first: one(0), "sec ond": one(1) };
    else if (!leaf) value[name] = one(0);
  }
  return value;
}

describe("every descriptor", () => {
  const all: [string, MessageDescriptor][] = [
    ...Object.entries(messages),
    ["Empty", EmptyMessage],
    ["HealthCheckRequest", HealthCheckRequest],
    ["HealthCheckResponse", HealthCheckResponse],
  ];

  it.each(all)("%s round-trips a fully populated message", (_name, descriptor) => {
    const value = sample(descriptor);
    expect(decodeMessage(descriptor, encodeMessage(descriptor, value))).toEqual(value);
  });

  it.each(all)("%s has unique field numbers and names", (_name, descriptor) => {
    expect(new Set(descriptor.fields.map((f) => f.number)).size).toBe(descriptor.fields.length);
    expect(new Set(descriptor.fields.map((f) => f.name)).size).toBe(descriptor.fields.length);
  });
});

describe("properties", () => {
  it("round-trips any int64 and string", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.string({ unit: "grapheme" }), (version, typeName) => {
        const decoded = decodeMessage<{ version: number | bigint; type_name: string }>(
          messages.UpgradeResourceStateRequest,
          encodeMessage(messages.UpgradeResourceStateRequest, { version, type_name: typeName }),
        );
        expect(BigInt(decoded.version)).toBe(version);
        expect(typeof decoded.version).toBe(Number.isSafeInteger(Number(version)) && BigInt(Number(version)) === version ? "number" : "bigint");
        expect(decoded.type_name).toBe(typeName);
      }),
    );
  });

  it("round-trips attribute paths of any steps", () => {
    const step = fc.oneof(
      fc.record({ attribute_name: fc.string() }),
      fc.record({ element_key_string: fc.string() }),
      fc.record({ element_key_int: fc.integer({ min: 0, max: 2 ** 31 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 5 }), (steps) => {
        expect(decodeMessage(messages.AttributePath, encodeMessage(messages.AttributePath, { steps }))).toEqual({ steps });
      }),
    );
  });
});
