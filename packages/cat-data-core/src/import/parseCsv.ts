/** One CSV record and the lines it spans (1-based, counting the header line). */
export interface CsvRecord {
  /** The line the record starts on. */
  line: number;
  /** The line it ends on (later than `line` when a quoted field holds line breaks). */
  lastLine: number;
  fields: string[];
  /** Set when the record is structurally broken (an unterminated quote): what is wrong, for the import report. */
  problem?: string;
}

/**
 * Parses RFC 4180 CSV: quoted fields, doubled quotes, separators and line breaks inside quotes, CRLF or LF. Blank
 * lines are skipped. Lazy, so a large file is mapped record by record.
 *
 * A stray quote would swallow the rest of the file (or the rows up to the next quote) into one cell. Instead, when a
 * quote is never closed, or a cell spanning lines does not end at its closing quote, the record it opens on is
 * yielded with a `problem` (and the rest of its line as the cell), and parsing resumes on the next line, so one stray
 * quote costs one reported row, not the rows after it.
 *
 * @example
 * for (const { line, fields } of parseCsv('a,b\n1,"x, y"\n')) console.log(line, fields);
 * // 1 ['a', 'b'] ; 2 ['1', 'x, y']
 */
export function* parseCsv(text: string, delimiter = ','): Generator<CsvRecord> {
  const length = text.length;
  let position = 0;
  let line = 1;
  while (position < length) {
    const startLine = line;
    const fields: string[] = [];
    let problem: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      let field = '';
      if (text[position] === '"') {
        const open = position;
        const openLine = line;
        position++;
        let stray: string | undefined;
        for (;;) {
          const quote = text.indexOf('"', position);
          if (quote === -1) {
            stray = `unterminated quote: the quoted field opened on line ${openLine} is never closed`;
            break;
          }
          const chunk = text.slice(position, quote);
          for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) line++;
          field += chunk;
          if (text[quote + 1] === '"') {
            field += '"';
            position = quote + 2;
            continue;
          }
          position = quote + 1;
          const next = text[position];
          // A cell that spans lines must end at its closing quote; text right after it means the opening quote was a
          // stray one that paired with a quote of a later row.
          if (line > openLine && next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
            stray = `unterminated quote: the quote opened on line ${openLine} pairs with one on line ${line} that does not end a cell`;
          }
          break;
        }
        if (stray !== undefined) {
          // Keep the rest of the opening line, and go on with the line after it.
          const lineEnd = text.indexOf('\n', open);
          const end = lineEnd === -1 ? length : lineEnd;
          field = text.slice(open + 1, end).replace(/\r$/, '');
          problem = stray;
          line = openLine;
          position = end;
        }
        // Anything between the closing quote and the next separator is kept, as spreadsheets do.
        while (
          problem === undefined &&
          position < length &&
          text[position] !== delimiter &&
          text[position] !== '\n' &&
          text[position] !== '\r'
        ) {
          field += text[position];
          position++;
        }
      } else {
        let end = position;
        while (end < length) {
          const c = text[end];
          if (c === delimiter || c === '\n' || c === '\r') break;
          end++;
        }
        field = text.slice(position, end);
        position = end;
      }
      fields.push(field);
      const c = text[position];
      if (c === delimiter && problem === undefined) {
        position++;
      } else {
        if (c === '\r') position++;
        if (text[position] === '\n') position++;
        line++;
        endOfRecord = true;
      }
    }
    if (fields.length === 1 && fields[0] === '' && problem === undefined) continue;
    const record: CsvRecord = { line: startLine, lastLine: line - 1, fields };
    if (problem !== undefined) record.problem = problem;
    yield record;
  }
}
