import { exactNumberOf, parseExactNumber, toCtyNumber, toExactDouble, toInt64, toPlainText, type Decimal } from "./decimal";
import { decodeUtf8, type MsgpackItem, type MsgpackWriter } from "./msgpack-wire";
import { BigDecimal, type CtyNumber } from "./values";

/**
 * Writes a number as go-cty does: an int if it is exactly an int64, else a float64 if one holds it
 * exactly (this covers the infinities), else its decimal text. Throws `RangeError` for NaN or a
 * BigDecimal whose text is not a number.
 */
export function writeCtyNumber(writer: MsgpackWriter, value: CtyNumber): void {
  if (typeof value === "number") return writeDouble(writer, value);
  const exact = exactNumberOf(value);
  const integer = toInt64(exact);
  if (integer !== undefined) return writer.writeInt(integer);
  const double = toExactDouble(exact);
  if (double !== undefined) return writer.writeFloat64(double);
  // Only finite decimals reach this point: the infinities are exact doubles.
  writer.writeString(toPlainText(exact as Decimal));
}

/** The same rule for a JS number, which is a double already: integers in int64 range become ints. */
function writeDouble(writer: MsgpackWriter, value: number): void {
  if (Number.isNaN(value)) throw new RangeError("NaN is not a cty number");
  const isInt64 = Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63;
  if (!isInt64) return writer.writeFloat64(value);
  writer.writeInt(Number.isSafeInteger(value) ? value : BigInt(value));
}

/**
 * Reads a number from any of the forms a cty decoder accepts: an int or uint of any width, a
 * float32/64, or decimal text (str, or bin defensively). Returns `undefined` for anything else.
 */
export function readCtyNumber(item: MsgpackItem): CtyNumber | undefined {
  switch (item.kind) {
    case "int":
      return typeof item.value === "number" ? item.value : new BigDecimal(item.value.toString());
    case "float":
      return Number.isNaN(item.value) ? undefined : item.value;
    case "str":
    case "bin": {
      const parsed = parseExactNumber(decodeUtf8(item.bytes));
      return parsed === undefined ? undefined : toCtyNumber(parsed);
    }
    default:
      return undefined;
  }
}
