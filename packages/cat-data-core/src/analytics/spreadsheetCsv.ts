/**
 * The one CSV writer of the package: every CSV it writes (the open-data export, the import problem report) goes
 * through {@link spreadsheetCell}, so that no cell reaches a spreadsheet as a formula.
 */

// OWASP's CSV injection rule: =, +, -, @, tab and carriage return start a formula (or DDE call) in Excel, LibreOffice
// and Google Sheets. Their full-width forms too: Japanese spreadsheets fold them (NFKC) to the ASCII ones.
const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV cell, safe to open in a spreadsheet: text that would start a formula gets a leading `'` (shown as text,
 * not evaluated), and a cell with a quote, separator or line break is quoted (RFC 4180). Numbers are written as they
 * are.
 *
 * @example
 * spreadsheetCell('=HYPERLINK("http://x")'); // '"\'=HYPERLINK(""http://x"")"'
 * spreadsheetCell('Tama');                   // 'Tama'
 * spreadsheetCell(7);                        // '7'
 */
export function spreadsheetCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole CSV: a header line and one line per row, every cell through {@link spreadsheetCell}.
 *
 * @param options.bom a UTF-8 BOM first, so that Excel on Japanese Windows reads the file as UTF-8
 * @param options.lineBreak `\r\n` (default, RFC 4180) or `\n`
 * @example
 * spreadsheetCsv(['line', 'reason'], [[3, 'required value is empty']]); // 'line,reason\r\n3,required value is empty\r\n'
 */
export function spreadsheetCsv(
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
  options: { bom?: boolean; lineBreak?: '\r\n' | '\n' } = {},
): string {
  const lineBreak = options.lineBreak ?? '\r\n';
  const lines = [header.map(spreadsheetCell).join(',')];
  for (const row of rows) lines.push(row.map(spreadsheetCell).join(','));
  return `${options.bom ? '\uFEFF' : ''}${lines.join(lineBreak)}${lineBreak}`;
}
