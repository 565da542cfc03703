/** One CSV record and the line it starts on (1-based, counting the header line). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses RFC 4180 CSV: quoted fields, doubled quotes, separators and line breaks inside quotes, CRLF or LF. Blank
 * lines are skipped. Lazy, so a large file is mapped record by record.
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
    let endOfRecord = false;
    while (!endOfRecord) {
      let field = '';
      if (text[position] === '"') {
        position++;
        for (;;) {
          const quote = text.indexOf('"', position);
          if (quote === -1) {
            field += text.slice(position);
            position = length;
            break;
          }
          const chunk = text.slice(position, quote);
          for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) line++;
          field += chunk;
          if (text[quote + 1] === '"') {
            field += '"';
            position = quote + 2;
          } else {
            position = quote + 1;
            break;
          }
        }
        // Anything between the closing quote and the next separator is kept, as spreadsheets do.
        while (
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
      if (c === delimiter) {
        position++;
      } else {
        if (c === '\r') position++;
        if (text[position] === '\n') position++;
        line++;
        endOfRecord = true;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: startLine, fields };
  }
}
