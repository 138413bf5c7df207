import { BigDecimal, type CtyNumber } from "./values";

/**
 * An exact finite decimal `(-1)^negative × coefficient × 10^exponent`, normalised so that equal
 * numbers have equal fields: the coefficient has no trailing zeros and zero is `{false, 0n, 0}`.
 */
export interface Decimal {
  readonly negative: boolean;
  readonly coefficient: bigint;
  readonly exponent: number;
}

/** A number as cty sees it: an exact decimal, or one of the two infinities. */
export type ExactNumber = Decimal | typeof Infinity;

// The same syntax big.ParseFloat accepts in base 10 (cty's ParseNumberVal), which admits "1." and ".5".
const DECIMAL_SYNTAX = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const INFINITY_SYNTAX = /^([+-])?inf(?:inity)?$/i;
// Guards the plain-text rendering (`1e999999999` would be a gigabyte of zeros); cty's own numbers
// come from HCL literals and arithmetic and stay far inside this.
const MAX_ABS_EXPONENT = 100_000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Parses decimal text (optionally signed, with fraction and exponent) or an infinity; `undefined` if it is neither. */
export function parseExactNumber(text: string): ExactNumber | undefined {
  const infinity = INFINITY_SYNTAX.exec(text);
  if (infinity) return infinity[1] === "-" ? -Infinity : Infinity;
  const match = DECIMAL_SYNTAX.exec(text);
  if (!match) return undefined;
  const [, sign, whole = "", fraction = "", exponentText = "0"] = match;
  if (whole === "" && fraction === "") return undefined;
  const exponent = Number(exponentText) - fraction.length;
  if (!Number.isSafeInteger(exponent)) return undefined;
  const decimal = normalise(sign === "-", BigInt(whole + fraction), exponent);
  return Math.abs(decimal.exponent) > MAX_ABS_EXPONENT ? undefined : decimal;
}

/** The shortest decimal that reads back as `value` (what cty compares non-integers by). */
function shortestDecimal(value: number): ExactNumber {
  if (!Number.isFinite(value)) return value;
  return parseExactNumber(String(value)) as Decimal;
}

/** The exact value of a JS number: its integer value, or its binary fraction written in decimal. */
function exactDecimal(value: number): ExactNumber {
  if (!Number.isFinite(value)) return value;
  if (Number.isInteger(value)) return normalise(value < 0, BigInt(Math.abs(value)), 0);
  // Doubling a double is exact, so this finds value = scaled / 2^halvings with scaled an integer.
  let scaled = Math.abs(value);
  let halvings = 0;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    halvings += 1;
  }
  // m / 2^k = m·5^k / 10^k
  return normalise(value < 0, BigInt(scaled) * 5n ** BigInt(halvings), -halvings);
}

/** True when the decimal has no fractional part. */
function isIntegral(value: ExactNumber): value is Decimal {
  return typeof value !== "number" && value.exponent >= 0;
}

/** The integer a decimal denotes; only meaningful when {@link isIntegral}. */
function toBigInt(value: Decimal): bigint {
  const magnitude = value.coefficient * 10n ** BigInt(value.exponent);
  return value.negative ? -magnitude : magnitude;
}

/** The integer as an int64, or `undefined` when it is fractional or out of range. */
export function toInt64(value: ExactNumber): bigint | undefined {
  if (!isIntegral(value)) return undefined;
  const integer = toBigInt(value);
  return integer >= INT64_MIN && integer <= INT64_MAX ? integer : undefined;
}

/** The double whose exact value is this number, or `undefined` when no double is (like big.Float's Float64 accuracy check). */
export function toExactDouble(value: ExactNumber): number | undefined {
  if (typeof value === "number") return value;
  const double = Number(toPlainText(value));
  if (!Number.isFinite(double)) return undefined;
  return sameExactNumber(exactDecimal(double), value) ? double : undefined;
}

/** Plain positional notation without exponent, as Go's `big.Float.Text('f', -1)` writes it. */
export function toPlainText(value: Decimal): string {
  const digits = value.coefficient.toString();
  const sign = value.negative ? "-" : "";
  if (value.exponent >= 0) return sign + digits + "0".repeat(value.exponent);
  const point = digits.length + value.exponent;
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${"0".repeat(-point)}${digits}`;
}

/** Structural equality of normalised numbers, i.e. numeric equality. */
export function sameExactNumber(a: ExactNumber, b: ExactNumber): boolean {
  if (typeof a === "number" || typeof b === "number") return a === b;
  return a.negative === b.negative && a.coefficient === b.coefficient && a.exponent === b.exponent;
}

/**
 * The JS form of an exact number: a safe integer or an exactly representable fraction becomes a
 * `number`; anything else keeps its exact text in a {@link BigDecimal}.
 */
export function toCtyNumber(value: ExactNumber): CtyNumber {
  if (typeof value === "number") return value;
  if (isIntegral(value)) {
    const integer = toBigInt(value);
    const asNumber = Number(integer);
    return Number.isSafeInteger(asNumber) ? asNumber : new BigDecimal(integer.toString());
  }
  return toExactDouble(value) ?? new BigDecimal(toPlainText(value));
}

/**
 * The form cty compares numbers in and writes them to JSON in: integers exactly, other numbers as
 * their shortest decimal text (a BigDecimal's text already is that). Throws like {@link exactNumberOf}.
 */
export function canonicalNumber(value: CtyNumber): ExactNumber {
  if (typeof value === "number" && Number.isFinite(value) && !Number.isInteger(value)) return shortestDecimal(value);
  return exactNumberOf(value);
}

/** The exact value of a cty number; throws on NaN and on BigDecimal text that is not a number. */
export function exactNumberOf(value: CtyNumber): ExactNumber {
  if (typeof value === "number") {
    if (Number.isNaN(value)) throw new RangeError("NaN is not a cty number");
    return exactDecimal(value);
  }
  const parsed = parseExactNumber(value.text);
  if (parsed === undefined) throw new RangeError(`"${value.text}" is not a decimal number`);
  return parsed;
}

function normalise(negative: boolean, coefficient: bigint, exponent: number): Decimal {
  if (coefficient === 0n) return { negative: false, coefficient: 0n, exponent: 0 };
  const digits = coefficient.toString();
  const significant = digits.replace(/0+$/, "");
  return { negative, coefficient: BigInt(significant), exponent: exponent + digits.length - significant.length };
}
