/**
 * Writing CSV for open data (RFC 4180): fields separated by commas, records ended by CRLF, a field in
 * double quotes when it holds a comma, a quote, CR or LF, with `""` for a quote inside.
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some also after a leading tab or
 * CR) as a formula ("CSV injection"). Every text cell that starts with one of those gets a leading `'`,
 * so a spreadsheet shows it as text; the value stays readable. Cells are text supplied by people
 * (names, references, reasons), so this applies to all of them.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Neutralises a cell a spreadsheet would run as a formula. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: null becomes empty, text is neutralised and quoted when needed. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, ended by CRLF. */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** A whole CSV text: a header row, then one row per record, every row ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}
