import fc from "fast-check";
import type { CtyType } from "../../../../src/schema/cty-type";
import { BigDecimal, CtyValueError, decodeJson, decodeMsgpack, encodeJson, encodeMsgpack, numbersEqual, sameValue, Unknown, UNKNOWN, type CtyNumber, type CtyValue } from "../../../../src/plugin/cty";
import { MsgpackWriter } from "../../../../src/plugin/cty/msgpack-wire";

/**
 * Round trips over arbitrary types and conforming values. Every property counts the round trips
 * it really performs; the last test checks the total, so lowering numRuns cannot go unnoticed.
 */

const REQUIRED_ROUND_TRIPS = 100_000;
let roundTrips = 0;

interface Options {
  /** JSON can express neither unknowns nor infinities. */
  readonly jsonOnly: boolean;
}

// Any code point but a lone surrogate (which UTF-8 cannot carry). fast-check's own "binary" unit
// would do, but it builds a table of every code point up front, which costs seconds here.
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).filter((code) => code < 0xd800 || code > 0xdfff).map((code) => String.fromCodePoint(code));

const attributeName = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "type", "value") },
);

const leafType = fc.constantFrom<CtyType>("string", "number", "bool", "dynamic");

const typesByDepth = new Map<number, fc.Arbitrary<CtyType>>();
/** Types nested at most `depth` levels; objects sometimes get many attributes. */
function typeArbitrary(depth: number): fc.Arbitrary<CtyType> {
  const cached = typesByDepth.get(depth);
  if (cached) return cached;
  if (depth === 0) return leafType;
  const inner = typeArbitrary(depth - 1);
  const attributes = (maxLength: number): fc.Arbitrary<CtyType> =>
    fc.uniqueArray(fc.tuple(attributeName, inner), { maxLength, selector: ([name]) => name })
      .map((entries): CtyType => ["object", Object.fromEntries(entries)]);
  const arbitrary = fc.oneof(
    { weight: 4, arbitrary: leafType },
    { weight: 1, arbitrary: inner.map((element): CtyType => ["list", element]) },
    { weight: 1, arbitrary: inner.map((element): CtyType => ["set", element]) },
    { weight: 1, arbitrary: inner.map((element): CtyType => ["map", element]) },
    { weight: 1, arbitrary: fc.array(inner, { maxLength: 3 }).map((elements): CtyType => ["tuple", elements]) },
    { weight: 2, arbitrary: attributes(depth === 1 ? 24 : 4) },
  );
  typesByDepth.set(depth, arbitrary);
  return arbitrary;
}

const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }), fc.boolean())
  .map(([negative, digits, scale, exponentForm]) => {
    const text = digits.toString().padStart(scale + 1, "0");
    const plain = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
    return `${negative ? "-" : ""}${exponentForm ? `${digits}e-${scale}` : plain}`;
  });

function numberArbitrary(options: Options): fc.Arbitrary<CtyNumber> {
  return fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: options.jsonOnly }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((integer) => new BigDecimal(integer.toString())),
    decimalText.map((text) => new BigDecimal(text)),
  );
}

const stringArbitrary = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: anyCodePoint, maxLength: 40 }),
  fc.string({ unit: "grapheme-ascii", minLength: 32, maxLength: 300 }),
);

// String arbitraries are built once: each instance lazily builds a large code point table.
const prefixArbitrary = fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 });

/** Refinements valid for the type, encoded as go-cty does, sometimes with a key from the future. */
function refinedUnknown(type: CtyType): fc.Arbitrary<Unknown> {
  const isCollection = typeof type !== "string" && (type[0] === "list" || type[0] === "set" || type[0] === "map");
  const bound = fc.tuple(numberArbitrary({ jsonOnly: false }), fc.boolean());
  const lengths = fc.nat({ max: 100_000 });
  return fc
    .record({
      notNull: fc.boolean(),
      prefix: type === "string" ? fc.option(prefixArbitrary) : fc.constant(null),
      lower: type === "number" ? fc.option(bound) : fc.constant(null),
      upper: type === "number" ? fc.option(bound) : fc.constant(null),
      lengthMin: isCollection ? fc.option(lengths) : fc.constant(null),
      lengthMax: isCollection ? fc.option(lengths) : fc.constant(null),
      future: fc.option(fc.integer({ min: 7, max: 100 })),
    })
    .map((chosen) => {
      const entries: [number, (writer: MsgpackWriter) => void][] = [];
      if (chosen.notNull) entries.push([1, (writer) => writer.writeBool(false)]);
      if (chosen.prefix !== null) entries.push([2, (writer) => writer.writeString(chosen.prefix as string)]);
      for (const [key, limit] of [[3, chosen.lower], [4, chosen.upper]] as const) {
        if (limit !== null) entries.push([key, (writer) => writer.writeRaw(encodeMsgpack([...limit], ["tuple", ["number", "bool"]]))]);
      }
      if (chosen.lengthMin !== null) entries.push([5, (writer) => writer.writeInt(chosen.lengthMin as number)]);
      if (chosen.lengthMax !== null) entries.push([6, (writer) => writer.writeInt(chosen.lengthMax as number)]);
      if (chosen.future !== null || entries.length === 0) entries.push([chosen.future ?? 99, (writer) => writer.writeArrayHeader(0)]);
      const writer = new MsgpackWriter();
      writer.writeMapHeader(entries.length);
      for (const [key, writeValue] of entries) {
        writer.writeInt(key);
        writeValue(writer);
      }
      return new Unknown(writer.toBuffer());
    });
}

/** Values conforming to `type`, with null and (unless JSON-only) unknowns at any position. */
function valueArbitrary(type: CtyType, options: Options): fc.Arbitrary<CtyValue> {
  const known = knownValueArbitrary(type, options);
  if (options.jsonOnly) return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 8, arbitrary: known });
  // go-cty never refines an unknown of dynamic type, so only plain unknowns go there.
  const unknown = type === "dynamic" ? fc.constant<CtyValue>(UNKNOWN) : fc.oneof(fc.constant<CtyValue>(UNKNOWN), refinedUnknown(type));
  return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: unknown }, { weight: 8, arbitrary: known });
}

function knownValueArbitrary(type: CtyType, options: Options): fc.Arbitrary<CtyValue> {
  if (typeof type === "string") {
    switch (type) {
      case "string":
        return stringArbitrary;
      case "number":
        return numberArbitrary(options);
      case "bool":
        return fc.boolean();
      case "dynamic":
        return typeArbitrary(1).chain((concrete) => valueArbitrary(concrete, options).map((value): CtyValue => ({ type: concrete, value })));
    }
  }
  switch (type[0]) {
    case "list":
    case "set":
      return fc.array(valueArbitrary(type[1], options), { maxLength: 3 });
    case "map":
      return fc.uniqueArray(fc.tuple(attributeName, valueArbitrary(type[1], options)), { maxLength: 3, selector: ([key]) => key }).map((entries) => Object.fromEntries(entries));
    case "tuple":
      return fc.tuple(...type[1].map((element) => valueArbitrary(element, options)));
    case "object": {
      const names = Object.keys(type[1]);
      return fc.tuple(...names.map((name) => valueArbitrary(type[1][name] as CtyType, options))).map((values) => Object.fromEntries(names.map((name, index) => [name, values[index] as CtyValue])));
    }
  }
}

function typedValues(options: Options, valuesPerType: number): fc.Arbitrary<[CtyType, CtyValue[]]> {
  return typeArbitrary(3).chain((type) => fc.tuple(fc.constant(type), fc.array(valueArbitrary(type, options), { minLength: valuesPerType, maxLength: valuesPerType })));
}

const describeValue = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Unknown ? `<unknown ${Buffer.from(inner.refinements ?? []).toString("hex")}>` : typeof inner === "number" && !Number.isFinite(inner) ? String(inner) : inner));

describe("round trips of arbitrary types and values", () => {
  it("msgpack: decode(encode(v)) is v and encoding is byte-stable, unknowns and refinements included", () => {
    fc.assert(
      fc.property(typedValues({ jsonOnly: false }, 10), ([type, values]) => {
        for (const value of values) {
          const bytes = encodeMsgpack(value, type);
          const decoded = decodeMsgpack(bytes, type);
          roundTrips += 1;
          if (!sameValue(decoded, value, type)) throw new Error(`decoded ${describeValue(decoded)} from ${describeValue(value)}`);
          if (!encodeMsgpack(decoded, type).equals(bytes)) throw new Error(`re-encoding ${describeValue(decoded)} changed its bytes`);
        }
      }),
      { seed: 20240604, numRuns: 4_000 },
    );
  });

  it("JSON: decode(encode(v)) is v for wholly known values and encoding is text-stable", () => {
    fc.assert(
      fc.property(typedValues({ jsonOnly: true }, 10), ([type, values]) => {
        for (const value of values) {
          const text = encodeJson(value, type);
          const decoded = decodeJson(text, type);
          roundTrips += 1;
          if (!sameValue(decoded, value, type)) throw new Error(`decoded ${describeValue(decoded)} from ${text}`);
          if (encodeJson(decoded, type) !== text) throw new Error(`re-encoding ${text} changed it`);
        }
      }),
      { seed: 8675309, numRuns: 2_000 },
    );
  });

  it("msgpack: damaged bytes either fail with CtyValueError or decode to a value that round-trips", () => {
    const damaged = typeArbitrary(3).chain((type) =>
      fc.tuple(fc.constant(type), valueArbitrary(type, { jsonOnly: false }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 })));
    fc.assert(
      fc.property(damaged, ([type, value, damage]) => {
        const bytes = encodeMsgpack(value, type);
        for (const [position, byte] of damage) bytes[position % bytes.length] = byte;
        let decoded: CtyValue;
        try {
          decoded = decodeMsgpack(bytes, type);
        } catch (error) {
          if (error instanceof CtyValueError) return;
          throw error;
        }
        roundTrips += 1;
        if (!sameValue(decodeMsgpack(encodeMsgpack(decoded, type), type), decoded, type)) throw new Error(`${describeValue(decoded)} did not survive re-encoding`);
      }),
      { seed: 4242, numRuns: 4_000 },
    );
  });

  it("JSON: damaged text either fails with CtyValueError or decodes to a value that round-trips", () => {
    const damaged = typeArbitrary(3).chain((type) =>
      fc.tuple(fc.constant(type), valueArbitrary(type, { jsonOnly: true }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(..."{}[],:\"\\0-.e9 tnx")), { minLength: 1, maxLength: 3 })));
    fc.assert(
      fc.property(damaged, ([type, value, damage]) => {
        const characters = [...encodeJson(value, type)];
        for (const [position, character] of damage) characters[position % characters.length] = character;
        let decoded: CtyValue;
        try {
          decoded = decodeJson(characters.join(""), type);
        } catch (error) {
          if (error instanceof CtyValueError) return;
          throw error;
        }
        roundTrips += 1;
        if (!sameValue(decodeJson(encodeJson(decoded, type), type), decoded, type)) throw new Error(`${describeValue(decoded)} did not survive re-encoding`);
      }),
      { seed: 777, numRuns: 2_000 },
    );
  });

  it("numbers: every generated number survives msgpack and JSON exactly", () => {
    fc.assert(
      fc.property(fc.array(numberArbitrary({ jsonOnly: true }), { minLength: 20, maxLength: 20 }), (numbers) => {
        for (const number of numbers) {
          const viaMsgpack = decodeMsgpack(encodeMsgpack(number, "number"), "number") as CtyNumber;
          const viaJson = decodeJson(encodeJson(number, "number"), "number") as CtyNumber;
          roundTrips += 2;
          if (!numbersEqual(viaMsgpack, number) || !numbersEqual(viaJson, number)) throw new Error(`${String(number)} came back as ${String(viaMsgpack)} / ${String(viaJson)}`);
        }
      }),
      { seed: 1337, numRuns: 1_500 },
    );
  });

  it(`ran at least ${REQUIRED_ROUND_TRIPS.toLocaleString("en")} round trips`, () => {
    console.info(`cty codec property tests: ${roundTrips} round trips`);
    expect(roundTrips).toBeGreaterThanOrEqual(REQUIRED_ROUND_TRIPS);
  });
});
