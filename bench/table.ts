/** Plain-text rendering of the benchmark table and of the values in it. */

export type Alignment = "left" | "right";

/** A column: its heading and how its cells line up. */
export interface Column {
  readonly heading: string;
  readonly align: Alignment;
}

/** Shown for a value that was not measured (e.g. the tfe provider is not built). */
export const NOT_MEASURED = "—";

/**
 * Renders rows under headings, each column as wide as its widest cell, columns two spaces apart,
 * a dashed rule under the headings. Trailing spaces are trimmed. Every row needs a cell per column.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  for (const row of rows) {
    if (row.length !== columns.length) throw new RangeError(`a row has ${row.length} cells for ${columns.length} columns: ${row.join(" | ")}`);
  }
  const widths = columns.map((column, index) => Math.max(column.heading.length, ...rows.map((row) => row[index].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => (columns[index].align === "right" ? cell.padStart(widths[index]) : cell.padEnd(widths[index])))
      .join("  ")
      .trimEnd();
  return [line(columns.map((column) => column.heading)), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** `850 ms` below ten seconds, `12.3 s` from there on. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return NOT_MEASURED;
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A signed difference of milliseconds to a tenth: `+3.2 ms`, `−0.8 ms` (a true minus sign). */
export function formatDifference(ms: number): string {
  const rounded = Math.round(ms * 10) / 10;
  return `${rounded < 0 ? "−" : "+"}${Math.abs(rounded).toFixed(1)} ms`;
}

/** `1.42×`. */
export function formatRatio(value: number | undefined): string {
  return value === undefined ? NOT_MEASURED : `${value.toFixed(2)}×`;
}

/** `85.2 MiB`. */
export function formatBytes(bytes: number | undefined): string {
  return bytes === undefined ? NOT_MEASURED : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** `0.83` as `83%`. */
export function formatFraction(value: number | undefined): string {
  return value === undefined ? NOT_MEASURED : `${Math.round(value * 100)}%`;
}

/** A count, or the not-measured mark. */
export function formatCount(value: number | undefined): string {
  return value === undefined ? NOT_MEASURED : String(value);
}
