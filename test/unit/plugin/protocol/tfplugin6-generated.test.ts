import { readFileSync } from "node:fs";
import { emitTable } from "../../../../scripts/tfplugin6/emit-table";
import { generateTfplugin6Source, TABLE_PATH } from "../../../../scripts/tfplugin6/generate";
import { parseProto } from "../../../../scripts/tfplugin6/proto-parser";

describe("tfplugin6.ts", () => {
  it("is what the generator makes of the vendored tfplugin6.proto (regenerate: npx ts-node --transpile-only scripts/generate-tfplugin6.ts)", () => {
    expect(readFileSync(TABLE_PATH, "utf8")).toBe(generateTfplugin6Source());
  });
});

describe("the generator", () => {
  const proto = `
    syntax = "proto3";
    package demo;
    import "google/protobuf/timestamp.proto";
    // A comment with a { brace.
    message Outer {
      message Inner {
        oneof selector { string name = 1; int64 index = 2; }
      }
      enum Mode { OFF = 0; ON = 1; }
      repeated Inner inners = 1;
      map<string, Inner> by_name = 2;
      Mode mode = 3;
      optional bytes blob = 4;
      int64 old = 5 [ deprecated = true ];
      reserved 6;
    }
    message Call {
      message Request { Outer outer = 1; string type_name = 2; }
      message Response { repeated Outer.Inner found = 1; }
    }
    message Unused { google.protobuf.Timestamp at = 1; }
    service Provider {
      rpc Call(Call.Request) returns (Call.Response);
      rpc Other(Unused) returns (stream Unused) { option deprecated = true; }
    }
  `;
  const source = emitTable(parseProto(proto, "Provider"), { rpcs: ["Call"], renames: { "Outer.Inner": "Step" }, header: "" });

  it("resolves nested names, oneofs, maps, optional and enums into descriptors, and leaves deprecated fields out", () => {
    expect(source).toContain(
      [
        `const OuterDescriptor: MessageDescriptor = message("demo.Outer",`,
        `  field(1, "inners", () => StepDescriptor, "repeated"),`,
        `  field(2, "by_name", () => StepDescriptor, "map"),`,
        `  field(3, "mode", "enum"),`,
        `  field(4, "blob", "bytes", "presence"),`,
        `);`,
      ].join("\n")
    );
    expect(source).toContain(`  field(2, "index", "int64", "presence"),`);
    expect(source).toContain("export const OuterMode = { OFF: 0, ON: 1 } as const;");
  });

  it("makes fields of received-only messages required, except presence and message fields; sent ones optional", () => {
    expect(source).toContain("export interface CallRequest {\n  readonly outer?: Outer;\n  readonly type_name: string;\n}");
    expect(source).toContain("export interface CallResponse {\n  readonly found?: readonly Step[];\n}");
    // Outer is only received: its repeated field is present. Step (Outer.Inner) is also sent: all optional.
    expect(source).toContain("  readonly inners: readonly Step[];");
    expect(source).toContain("export interface Step {\n  readonly name?: string;\n  readonly index?: Int64;\n}");
  });

  it("only emits what the served RPCs reach", () => {
    expect(source).not.toContain("Unused");
    expect(source).toContain("  Call: { request: messages.CallRequest, response: messages.CallResponse },");
  });

  it("refuses a type it cannot resolve", () => {
    const broken = `syntax = "proto3"; package demo; message M { Missing x = 1; } service Provider { rpc Call(M) returns (M); }`;
    expect(() => emitTable(parseProto(broken, "Provider"), { rpcs: ["Call"], renames: {}, header: "" })).toThrow("M.x: unknown or unsupported type Missing");
  });
});
