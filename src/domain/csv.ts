/**
 * Writing CSV for open data (RFC 4180): fields separated by commas, records ended by CRLF, a field in
 * double quotes when it holds a comma, a quote, CR or LF, with `""` for a quote inside.
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some also after a leading tab or
 * CR) as a formula ("CSV injection", OWASP). Every text cell that starts with one of those gets a
 * leading `'`, so a spreadsheet shows it as text; the value stays readable. Cells are text supplied by
 * people (names, references, reasons), so this applies to all of them.
 *
 * A cell can also start in the middle of our field. A Dutch spreadsheet splits on `;`, and some split
 * on tabs; such a reader sees RFC 4180 quotes only at the start of what it takes for a cell, so a
 * quoted line break in the middle of one also ends its row. So inside a field, after every `;`, tab,
 * CR or LF that is followed (past spaces and double quotes) by `=`, `+`, `-` or `@`, a `'` is put right
 * after the separator: `x;=1+1` becomes `x;'=1+1`. Commas are left alone: a reader that splits on
 * commas honours the RFC 4180 quotes around a field that holds one (and `€ 10,-` stays as typed).
 */

const LEADING_CONTROL = /^[\t\r]/;
/** Where a reader may start a cell (the field's start, or after `;`, tab, CR, LF) that is a formula. */
const FORMULA_CELL_START = /(^|[;\t\r\n])(?=[ "]*[=+\-@])/g;
const NEEDS_QUOTES = /[",\r\n]/;

/** Neutralises a cell, or a part of it, that a spreadsheet would run as a formula. */
export function neutraliseFormula(value: string): string {
  const inner = value.replace(FORMULA_CELL_START, "$1'");
  return LEADING_CONTROL.test(inner) ? `'${inner}` : inner;
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
