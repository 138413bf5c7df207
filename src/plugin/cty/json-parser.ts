/** A JSON number kept as its literal text, so no precision is lost before the type is known. */
export class JsonNumberLiteral {
  constructor(readonly text: string) {}
}

/**
 * A parsed JSON document: objects become `Map`s (so a key such as `__proto__` is just a key and
 * objects are told apart from number literals), numbers stay literal text.
 */
export type JsonNode = null | boolean | string | JsonNumberLiteral | readonly JsonNode[] | ReadonlyMap<string, JsonNode>;

/** Thrown for text that is not JSON; the message gives the character offset. */
export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
// Deep enough for any state document, shallow enough that recursion cannot exhaust the stack.
const MAX_DEPTH = 1000;

/** Parses RFC 8259 JSON without converting numbers. */
export function parseJsonPreservingNumbers(text: string): JsonNode {
  return new Parser(text).parseDocument();
}

class Parser {
  private offset = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    const node = this.parseValue(0);
    this.skipWhitespace();
    if (this.offset !== this.text.length) throw this.error("unexpected text after the JSON value");
    return node;
  }

  private parseValue(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw this.error("JSON nested too deeply");
    this.skipWhitespace();
    const char = this.text[this.offset];
    switch (char) {
      case "{":
        return this.parseObject(depth);
      case "[":
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case "t":
        return this.parseKeyword("true", true);
      case "f":
        return this.parseKeyword("false", false);
      case "n":
        return this.parseKeyword("null", null);
      default:
        return this.parseNumber();
    }
  }

  private parseObject(depth: number): ReadonlyMap<string, JsonNode> {
    const members = new Map<string, JsonNode>();
    this.offset += 1;
    if (this.consume("}")) return members;
    do {
      this.skipWhitespace();
      if (this.text[this.offset] !== '"') throw this.error("expected a string key");
      const key = this.parseString();
      if (!this.consume(":")) throw this.error('expected ":"');
      members.set(key, this.parseValue(depth + 1));
    } while (this.consume(","));
    if (!this.consume("}")) throw this.error('expected "," or "}"');
    return members;
  }

  private parseArray(depth: number): JsonNode[] {
    const elements: JsonNode[] = [];
    this.offset += 1;
    if (this.consume("]")) return elements;
    do elements.push(this.parseValue(depth + 1));
    while (this.consume(","));
    if (!this.consume("]")) throw this.error('expected "," or "]"');
    return elements;
  }

  private parseString(): string {
    const start = this.offset;
    let index = start + 1;
    for (;;) {
      const char = this.text[index];
      if (char === undefined) throw this.error("unterminated string");
      if (char === '"') break;
      index += char === "\\" ? 2 : 1;
    }
    this.offset = index + 1;
    // The literal is delimited exactly, so JSON.parse only has to decode escapes (and rejects bad ones).
    try {
      return JSON.parse(this.text.slice(start, this.offset)) as string;
    } catch {
      throw new JsonSyntaxError(`invalid string at offset ${start}`);
    }
  }

  private parseKeyword<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.offset)) throw this.error("unexpected token");
    this.offset += word.length;
    return value;
  }

  private parseNumber(): JsonNumberLiteral {
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.error("unexpected token");
    this.offset += match[0].length;
    return new JsonNumberLiteral(match[0]);
  }

  /** Skips whitespace, then consumes `char` if it is next. */
  private consume(char: string): boolean {
    this.skipWhitespace();
    if (this.text[this.offset] !== char) return false;
    this.offset += 1;
    return true;
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.offset;
    WHITESPACE.exec(this.text);
    this.offset = WHITESPACE.lastIndex;
  }

  private error(problem: string): JsonSyntaxError {
    return new JsonSyntaxError(`${problem} at offset ${this.offset}`);
  }
}
