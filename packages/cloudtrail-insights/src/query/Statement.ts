/** A value bound to a placeholder: never part of the SQL text. */
export type SqlParam = string | number;

/** SQL text with positional `?` placeholders and the values bound to them, in order. */
export interface Statement {
  sql: string;
  params: SqlParam[];
}

/** One result row: column name to text (Athena answers text only; DuckDB values are converted alike). */
export type Row = Record<string, string | null>;

// A token no SQL we write contains; replaced by `?` once the whole text is assembled.
const MARK = '\u0000';

/**
 * Collects bound values while SQL is assembled from parts in any order: `bind` returns a token, `statement`
 * turns the tokens into `?` in text order and lists the values in that same order.
 *
 * @example
 * const p = new ParamBinder();
 * const where = `eventname = ${p.bind('StopLogging')}`;
 * p.statement(`SELECT count(*) FROM t WHERE ${where}`); // { sql: '... eventname = ?', params: ['StopLogging'] }
 */
export class ParamBinder {
  private readonly values: SqlParam[] = [];

  /** A placeholder for `value`. */
  bind(value: SqlParam): string {
    this.values.push(value);
    return `${MARK}${this.values.length - 1}${MARK}`;
  }

  /** Placeholders for each value, comma-separated (for `IN (...)`). */
  bindList(values: readonly SqlParam[]): string {
    return values.map((value) => this.bind(value)).join(', ');
  }

  /** The final statement. */
  statement(text: string): Statement {
    const params: SqlParam[] = [];
    const sql = text.replace(new RegExp(`${MARK}(\\d+)${MARK}`, 'g'), (_, index: string) => {
      params.push(this.values[Number(index)]!);
      return '?';
    });
    return { sql, params };
  }
}

/**
 * A string constant as an SQL literal, for text the package itself writes (file paths it listed, its own JSON
 * structure), never for caller input.
 * @internal
 */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
