import { resolveType, type ProtoField, type ProtoFile, type ProtoMessage } from "./proto-parser";

/** What to generate from the parsed .proto. */
export interface TableOptions {
  /** The RPCs the plugin serves, in the order the table lists them. */
  readonly rpcs: readonly string[];
  /** TypeScript names that differ from the flattened proto path, by proto path. */
  readonly renames: Readonly<Record<string, string>>;
  /** Printed at the top of the generated file. */
  readonly header: string;
}

const SCALARS: Readonly<Record<string, { codec: string; ts: string }>> = {
  string: { codec: "string", ts: "string" },
  bytes: { codec: "bytes", ts: "Buffer" },
  bool: { codec: "bool", ts: "boolean" },
  int32: { codec: "int32", ts: "number" },
  uint32: { codec: "uint32", ts: "number" },
  int64: { codec: "int64", ts: "Int64" },
  uint64: { codec: "uint64", ts: "Int64" },
};

/**
 * The source of the TypeScript module the codec runs on: enum constants, a shape (interface)
 * and a descriptor per message the served RPCs reach, the `messages` table, and the RPC table.
 *
 * Shapes follow the direction of a message: one only received from the engine has its scalar,
 * repeated and map fields required (the codec fills proto3 defaults); anything the plugin sends
 * has every field optional. Deprecated fields are left out: they are skipped on decode.
 */
export function emitTable(proto: ProtoFile, options: TableOptions): string {
  const messagesByPath = new Map(proto.messages.map((message) => [message.path, message]));
  const enumsByPath = new Map(proto.enums.map((protoEnum) => [protoEnum.path, protoEnum]));
  const declared = new Set([...messagesByPath.keys(), ...enumsByPath.keys()]);
  const tsName = (path: string) => options.renames[path] ?? path.split(".").join("");
  const typeOf = (field: ProtoField, scope: string) => {
    if (SCALARS[field.type]) return { kind: "scalar" as const, path: field.type };
    const path = resolveType(field.type, scope, declared);
    if (path === undefined) throw new Error(`${scope}.${field.name}: unknown or unsupported type ${field.type}`);
    return { kind: messagesByPath.has(path) ? ("message" as const) : ("enum" as const), path };
  };
  const fieldsOf = (message: ProtoMessage) => message.fields.filter((field) => !field.deprecated);

  const served = options.rpcs.map((name) => {
    const rpc = proto.rpcs.find((candidate) => candidate.name === name);
    if (rpc === undefined) throw new Error(`the .proto has no RPC ${name}`);
    return { name, request: resolveType(rpc.request, "", declared)!, response: resolveType(rpc.response, "", declared)! };
  });

  const reach = (roots: readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      const message = messagesByPath.get(path);
      for (const field of message ? fieldsOf(message) : []) {
        const type = typeOf(field, path);
        if (type.kind !== "scalar") visit(type.path);
      }
    };
    roots.forEach(visit);
    return seen;
  };
  const received = reach(served.map((rpc) => rpc.request));
  const sent = reach(served.map((rpc) => rpc.response));
  const used = new Set([...received, ...sent]);
  const messages = proto.messages.filter((message) => used.has(message.path));
  const enums = proto.enums.filter((protoEnum) => used.has(protoEnum.path));
  const names = new Map<string, string>();
  for (const path of [...messages, ...enums].map((declaration) => declaration.path)) {
    const name = tsName(path);
    if ([...names.values()].includes(name)) throw new Error(`two proto types become the TypeScript name ${name}`);
    names.set(path, name);
  }

  const out: string[] = [options.header, `import { field, message, type Int64, type MessageDescriptor } from "./protobuf";`, "", "export type { Int64 };", ""];
  out.push("/** A message with no fields. */", "export type EmptyMessage = Readonly<Record<string, never>>;", "");

  for (const protoEnum of enums) {
    const values = protoEnum.values.map((value) => `${value.name}: ${value.number}`).join(", ");
    out.push(`/** \`${proto.packageName}.${protoEnum.path}\`. */`, `export const ${names.get(protoEnum.path)} = { ${values} } as const;`, "");
  }

  for (const message of messages) {
    const name = names.get(message.path)!;
    out.push(`/** \`${proto.packageName}.${message.path}\`. */`);
    const fields = fieldsOf(message);
    if (fields.length === 0) {
      out.push(`export type ${name} = EmptyMessage;`, "");
      continue;
    }
    const onlyReceived = received.has(message.path) && !sent.has(message.path);
    out.push(`export interface ${name} {`);
    for (const field of fields) {
      const type = typeOf(field, message.path);
      const element = type.kind === "scalar" ? SCALARS[type.path].ts : type.kind === "enum" ? "number" : names.get(type.path)!;
      const tsType =
        field.label === "repeated" ? `readonly ${element}[]` : field.label === "map" ? `Readonly<Record<string, ${element}>>` : element;
      const required = onlyReceived && field.label !== "presence" && !(type.kind === "message" && field.label === "singular");
      if (type.kind === "enum") out.push(`  /** {@link ${names.get(type.path)}}. */`);
      out.push(`  readonly ${field.name}${required ? "" : "?"}: ${tsType};`);
    }
    out.push("}", "");
  }

  for (const message of messages) {
    const fields = fieldsOf(message).map((field) => {
      const type = typeOf(field, message.path);
      const codecType =
        type.kind === "scalar" ? `"${SCALARS[type.path].codec}"` : type.kind === "enum" ? `"enum"` : `() => ${names.get(type.path)}Descriptor`;
      const rule = field.label === "singular" ? "" : `, "${field.label}"`;
      return `  field(${field.number}, "${field.name}", ${codecType}${rule}),`;
    });
    const head = `const ${names.get(message.path)}Descriptor: MessageDescriptor = message("${proto.packageName}.${message.path}"`;
    out.push(fields.length === 0 ? `${head});` : `${head},\n${fields.join("\n")}\n);`, "");
  }

  out.push("/** Every message type by its TypeScript shape name. */", "export const messages = {");
  for (const message of messages) out.push(`  ${names.get(message.path)}: ${names.get(message.path)}Descriptor,`);
  out.push("} as const satisfies Record<string, MessageDescriptor>;", "");

  out.push(`/** The request and response shape of each \`${proto.packageName}.Provider\` RPC this plugin serves. */`, "export interface ProviderMethods {");
  for (const rpc of served) out.push(`  ${rpc.name}: { request: ${names.get(rpc.request)}; response: ${names.get(rpc.response)} };`);
  out.push("}", "", "export type ProviderMethodName = keyof ProviderMethods;", "", `export const PROVIDER_SERVICE = "${proto.packageName}.Provider";`, "");
  out.push(
    "/** Request and response descriptors of each RPC in {@link ProviderMethods}. */",
    "export const PROVIDER_METHODS: { readonly [Name in ProviderMethodName]: { readonly request: MessageDescriptor; readonly response: MessageDescriptor } } = {",
  );
  for (const rpc of served) out.push(`  ${rpc.name}: { request: messages.${names.get(rpc.request)}, response: messages.${names.get(rpc.response)} },`);
  out.push("};", "");
  return out.join("\n");
}
