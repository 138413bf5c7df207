/**
 * Reads the parts of a proto3 file that the plugin's protobuf codec needs: messages (nested,
 * with oneofs, maps, `optional` and the `deprecated` option), enums and one service's RPCs.
 * Anything else in the grammar (imports, options, reserved ranges, RPC option blocks) is
 * skipped; syntax it does not know is an error, so an upstream change cannot pass unnoticed.
 */

export interface ProtoField {
  readonly name: string;
  readonly number: number;
  /** The type as written (`string`, `Block`, `google.protobuf.Timestamp`); for a map, its value type. */
  readonly type: string;
  readonly label: "singular" | "repeated" | "map" | "presence";
  readonly deprecated: boolean;
}

export interface ProtoMessage {
  /** Dotted path below the package, e.g. `Schema.Block`. */
  readonly path: string;
  readonly fields: readonly ProtoField[];
}

export interface ProtoEnum {
  readonly path: string;
  readonly values: readonly { readonly name: string; readonly number: number }[];
}

export interface ProtoRpc {
  readonly name: string;
  /** Paths of the request and response messages, as written. */
  readonly request: string;
  readonly response: string;
}

export interface ProtoFile {
  readonly packageName: string;
  /** In source order, outer messages before the ones nested in them. */
  readonly messages: readonly ProtoMessage[];
  readonly enums: readonly ProtoEnum[];
  readonly rpcs: readonly ProtoRpc[];
}

function tokenize(source: string): string[] {
  const withoutComments = source.replace(/\/\/[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
  return withoutComments.match(/"[^"]*"|[A-Za-z_][\w.]*|\d+|[{}()<>=;,[\]]/g) ?? [];
}

class Tokens {
  #index = 0;

  constructor(private readonly tokens: readonly string[]) {}

  get done(): boolean {
    return this.#index >= this.tokens.length;
  }

  peek(): string | undefined {
    return this.tokens[this.#index];
  }

  next(): string {
    const token = this.tokens[this.#index++];
    if (token === undefined) throw new Error("unexpected end of the .proto file");
    return token;
  }

  expect(expected: string): void {
    const token = this.next();
    if (token !== expected) throw new Error(`expected "${expected}" in the .proto file, found "${token}"`);
  }

  /** Skips up to and including the `;` that ends the current statement. */
  skipStatement(): void {
    while (this.next() !== ";");
  }

  /** Skips a `{ ... }` block, nested blocks included; the `{` is next. */
  skipBlock(): void {
    this.expect("{");
    for (let depth = 1; depth > 0; ) {
      const token = this.next();
      if (token === "{") depth++;
      if (token === "}") depth--;
    }
  }
}

const SKIPPED_STATEMENTS = new Set(["syntax", "option", "import", "reserved"]);

/** Parses a proto3 file; `service` names the service whose RPCs are read. */
export function parseProto(source: string, service: string): ProtoFile {
  const tokens = new Tokens(tokenize(source));
  const messages: ProtoMessage[] = [];
  const enums: ProtoEnum[] = [];
  const rpcs: ProtoRpc[] = [];
  let packageName = "";

  const parseEnum = (path: string) => {
    const values: { name: string; number: number }[] = [];
    tokens.expect("{");
    while (tokens.peek() !== "}") {
      const name = tokens.next();
      if (SKIPPED_STATEMENTS.has(name)) {
        tokens.skipStatement();
        continue;
      }
      tokens.expect("=");
      values.push({ name, number: Number(tokens.next()) });
      tokens.skipStatement();
    }
    tokens.expect("}");
    enums.push({ path, values });
  };

  const parseField = (label: ProtoField["label"]): ProtoField => {
    let type = tokens.next();
    if (type === "map") {
      tokens.expect("<");
      const key = tokens.next();
      if (key !== "string") throw new Error(`map keys other than string are not supported, found ${key}`);
      tokens.expect(",");
      type = tokens.next();
      tokens.expect(">");
      label = "map";
    }
    const name = tokens.next();
    tokens.expect("=");
    const number = Number(tokens.next());
    let deprecated = false;
    if (tokens.peek() === "[") {
      const options: string[] = [];
      for (let token = tokens.next(); token !== "]"; token = tokens.next()) options.push(token);
      deprecated = options.join(" ").includes("deprecated = true");
    }
    tokens.expect(";");
    return { name, number, type, label, deprecated };
  };

  const parseMessage = (path: string) => {
    const fields: ProtoField[] = [];
    const message: ProtoMessage = { path, fields };
    messages.push(message);
    tokens.expect("{");
    while (tokens.peek() !== "}") {
      const token = tokens.peek()!;
      if (token === "message") {
        tokens.next();
        parseMessage(`${path}.${tokens.next()}`);
      } else if (token === "enum") {
        tokens.next();
        parseEnum(`${path}.${tokens.next()}`);
      } else if (token === "oneof") {
        tokens.next();
        tokens.next();
        tokens.expect("{");
        while (tokens.peek() !== "}") fields.push(parseField("presence"));
        tokens.expect("}");
      } else if (SKIPPED_STATEMENTS.has(token)) {
        tokens.skipStatement();
      } else if (token === "repeated" || token === "optional") {
        tokens.next();
        fields.push(parseField(token === "repeated" ? "repeated" : "presence"));
      } else {
        fields.push(parseField("singular"));
      }
    }
    tokens.expect("}");
  };

  const parseService = () => {
    tokens.expect("{");
    while (tokens.peek() !== "}") {
      const token = tokens.next();
      if (token === "option") {
        tokens.skipStatement();
        continue;
      }
      if (token !== "rpc") throw new Error(`unexpected "${token}" in service ${service}`);
      const name = tokens.next();
      const messageIn = () => {
        tokens.expect("(");
        let type = tokens.next();
        if (type === "stream") type = tokens.next();
        tokens.expect(")");
        return type;
      };
      const request = messageIn();
      tokens.expect("returns");
      const response = messageIn();
      if (tokens.peek() === "{") tokens.skipBlock();
      else tokens.expect(";");
      rpcs.push({ name, request, response });
    }
    tokens.expect("}");
  };

  while (!tokens.done) {
    const token = tokens.next();
    if (token === "package") {
      packageName = tokens.next();
      tokens.expect(";");
    } else if (SKIPPED_STATEMENTS.has(token)) {
      tokens.skipStatement();
    } else if (token === "message") {
      parseMessage(tokens.next());
    } else if (token === "enum") {
      parseEnum(tokens.next());
    } else if (token === "service") {
      const name = tokens.next();
      if (name === service) parseService();
      else tokens.skipBlock();
    } else {
      throw new Error(`unexpected "${token}" at the top level of the .proto file`);
    }
  }
  return { packageName, messages, enums, rpcs };
}

/**
 * Resolves a type name written inside `scope` (a message path, or "" at the top level) the way
 * protoc does: the innermost enclosing scope that declares it wins.
 */
export function resolveType(name: string, scope: string, declared: ReadonlySet<string>): string | undefined {
  const parts = scope === "" ? [] : scope.split(".");
  for (let depth = parts.length; depth >= 0; depth--) {
    const candidate = [...parts.slice(0, depth), name].join(".");
    if (declared.has(candidate)) return candidate;
  }
  return undefined;
}
