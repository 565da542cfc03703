import type { AreaTriple } from '../db/resolveAreas.js';
import { escapeCopy } from '../db/SqlDatabase.js';
import type { RowDuplicate } from './ImportReport.js';
import { columnOf, keyColumns, type RecordKind } from './recordKinds.js';

export type { AreaTriple };

const areaColumns = ['prefecture', 'municipality', 'district'];
/** Text of about this many characters is sent to COPY at a time. */
const chunkLength = 262_144;
const utf8 = new TextEncoder();

/** Rows of a {@link StagingTable} ready to load, and the areas first seen in them. @internal */
export interface StagingBatch {
  /** COPY text, UTF-8. */
  chunks: Uint8Array[];
  /** The same rows as arrays, when the table keeps them. */
  rows: (string | null)[][] | undefined;
  rowCount: number;
  /** The `area_no` of the first of {@link areas}; the others follow. */
  firstAreaNo: number;
  areas: AreaTriple[];
}

/**
 * The staging table of one import, built row by row as the file is mapped, straight into PostgreSQL's COPY text
 * format: a 200k-row file is a few dozen strings instead of 200k arrays, which keeps the garbage collector out of
 * the way. Work that is cheaper here than in SQL is done on the way:
 * - the area's three columns become `area_no`, the area's position in {@link areas} (the import resolves the
 *   area ids into `stage_area`), so that no merge joins the areas on three text columns;
 * - per natural key column `k`, `first_k` says whether the row is the file's first with that key (`t`), a later one
 *   (`f`) or has none (null), so that the merges take each key's first row without sorting the file; the rows with
 *   a key and the distinct keys are counted.
 * @internal
 */
export class StagingTable {
  /** The staging table's columns, in COPY order. */
  readonly columns: readonly string[];
  /** The column definitions of `CREATE TEMP TABLE stage`. */
  readonly definition: string;
  /** The natural key columns, in the order of {@link present} and {@link distinct}. */
  readonly keys: readonly string[];
  /** Per natural key column, the rows with a key. */
  readonly present: number[];
  /** Per natural key column, the distinct keys. */
  readonly distinct: number[];
  /** The distinct areas of the file, `area_no` 1, 2, ... */
  readonly areas: AreaTriple[] = [];
  /** Rows whose every natural key repeats an earlier row's: merged into it (the first row of a key is merged). */
  readonly duplicates: RowDuplicate[] = [];
  /** Rows added, in all. */
  rowCount = 0;
  /** Rows added since the last {@link takeBatch}. */
  pendingRows = 0;

  /** The COPY text since the last batch, in chunks of UTF-8. */
  #chunks: Uint8Array[] = [];
  /** The rows as arrays since the last batch, kept only for the row-by-row INSERT comparison. */
  #rows: (string | null)[][] | undefined;
  /** How many of {@link areas} earlier batches had. */
  #areasTaken = 0;

  readonly #kept: number[];
  /** Per staged column: whether its values may hold characters COPY escapes (free text and keys). */
  readonly #escape: boolean[];
  readonly #keyIndexes: number[];
  /** Per key column, the key it lies within (see `RecordKind.keysWithin`), or -1. */
  readonly #scopes: number[];
  readonly #areaIndexes: [number, number, number] | undefined;
  readonly #areaNumbers = new Map<string, number>();
  /** Per key column without a scope: the row each key was first seen on. */
  readonly #firstRow: Map<string, number>[];
  /**
   * Per key column with a scope: its value on every row, and the keys seen so far (with their first row) of scopes
   * seen more than once.
   */
  readonly #byRow: (string | null)[][];
  readonly #withinScope: Map<string, Map<string, number>>[];
  readonly #unscoped: Map<string, number>[];
  /** The line of every row (the mapped rows' first column), to say which line a duplicate repeats. */
  readonly #lines: (string | null)[] = [];
  readonly #flags: (string | null)[];
  #buffer = '';

  /** `mappedColumns`: the layout of the rows {@link add} receives (a {@link RowMapper}'s `columns`). */
  constructor(kind: RecordKind, mappedColumns: readonly string[], options: { keepRows?: boolean } = {}) {
    this.keys = keyColumns(kind);
    this.#keyIndexes = this.keys.map((key) => mappedColumns.indexOf(key));
    this.#scopes = this.keys.map((key) => {
      const scope = kind.keysWithin?.[key];
      return scope === undefined ? -1 : this.keys.indexOf(scope);
    });
    const areaIndexes = areaColumns.map((column) => mappedColumns.indexOf(column));
    const hasArea = areaIndexes.every((i) => i !== -1);
    this.#areaIndexes = hasArea ? (areaIndexes as [number, number, number]) : undefined;
    this.#kept = mappedColumns.flatMap((column, i) => (hasArea && areaColumns.includes(column) ? [] : [i]));
    const [line, ...text] = this.#kept.map((i) => mappedColumns[i]!);
    const definitions: [string, string][] = [
      [line!, 'integer'],
      // Keys compare with the stored keys, which are byte-ordered (migration 2).
      ...text.map((c): [string, string] => [c, this.keys.includes(c) ? 'text COLLATE "C"' : 'text']),
      ...(hasArea ? [['area_no', 'integer'] as [string, string]] : []),
      ...this.keys.map((k): [string, string] => [`first_${k}`, 'boolean']),
    ];
    this.columns = definitions.map(([name]) => name);
    this.definition = definitions.map(([name, type]) => `${name} ${type}`).join(', ');
    // Dates, numbers, yes/no and enumerations are written in a canonical form by the mapper: nothing to escape.
    const freeText = new Set([
      ...this.keys,
      ...kind.fields.filter((f) => f.field.type === 'text').map((f) => columnOf(f.name)),
    ]);
    this.#escape = this.columns.map((c) => freeText.has(c));
    this.present = this.keys.map(() => 0);
    this.distinct = this.keys.map(() => 0);
    this.#firstRow = this.keys.map(() => new Map());
    this.#byRow = this.keys.map(() => []);
    this.#withinScope = this.keys.map(() => new Map());
    this.#unscoped = this.keys.map(() => new Map());
    this.#flags = this.keys.map(() => null);
    this.#rows = options.keepRows ? [] : undefined;
  }

  /** The rows added since the last batch, and the areas they brought. */
  takeBatch(): StagingBatch {
    this.#flush();
    const batch: StagingBatch = {
      chunks: this.#chunks,
      rows: this.#rows,
      rowCount: this.pendingRows,
      firstAreaNo: this.#areasTaken + 1,
      areas: this.areas.slice(this.#areasTaken),
    };
    this.#chunks = [];
    this.#rows = this.#rows ? [] : undefined;
    this.#areasTaken = this.areas.length;
    this.pendingRows = 0;
    return batch;
  }

  /** Adds one mapped row (the file's rows in order: the first row of a key is the one merged). */
  add(row: readonly (string | null)[]): void {
    const kept = this.#kept;
    const parts: (string | null)[] = new Array(this.columns.length);
    let o = 0;
    for (; o < kept.length; o++) parts[o] = row[kept[o]!] ?? null;
    if (this.#areaIndexes) {
      const area = this.#areaNumber(row);
      parts[o++] = area === null ? null : String(area);
    }
    this.#markFirsts(row);
    for (const flag of this.#flags) parts[o++] = flag;
    this.#rows?.push(parts.slice());
    // One join per row makes a flat line; concatenating value by value would leave a deep tree of small strings.
    for (let i = 0; i < parts.length; i++) {
      const value = parts[i];
      if (value === null || value === undefined) parts[i] = '\\N';
      else if (this.#escape[i]) parts[i] = escapeCopy(value);
    }
    this.#buffer += `${parts.join('\t')}\n`;
    if (this.#buffer.length > chunkLength) this.#flush();
    this.rowCount++;
    this.pendingRows++;
  }

  /**
   * Sets {@link #flags} for this row. A key within a scope (an intake within its cat) is new whenever its scope is
   * new to the file, which is most rows: only a scope seen before needs its keys compared, among its own rows.
   */
  #markFirsts(row: readonly (string | null)[]): void {
    const flags = this.#flags;
    const r = this.rowCount;
    this.#lines.push(row[0] ?? null);
    // A row is a duplicate when it has a key and every key it has was seen on an earlier row (the latest of those).
    let repeats = false;
    let anyNew = false;
    let repeatedRow = -1;
    const repeat = (first: number) => {
      repeats = true;
      if (first > repeatedRow) repeatedRow = first;
      return 'f';
    };
    for (let k = 0; k < flags.length; k++) {
      if (this.#scopes[k] !== -1) continue;
      const value = row[this.#keyIndexes[k]!];
      if (value === null || value === undefined) {
        flags[k] = null;
        continue;
      }
      this.present[k]!++;
      const firstRow = this.#firstRow[k]!;
      const first = firstRow.get(value);
      if (first !== undefined) {
        flags[k] = repeat(first);
      } else {
        firstRow.set(value, r);
        this.distinct[k]!++;
        flags[k] = 't';
        anyNew = true;
      }
    }
    for (let k = 0; k < flags.length; k++) {
      const s = this.#scopes[k]!;
      if (s === -1) continue;
      const value = row[this.#keyIndexes[k]!] ?? null;
      this.#byRow[k]!.push(value);
      if (value === null) {
        flags[k] = null;
        continue;
      }
      this.present[k]!++;
      const scope = row[this.#keyIndexes[s]!];
      let seen: Map<string, number> | undefined;
      if (scope === null || scope === undefined) {
        seen = this.#unscoped[k]!;
      } else if (flags[s] === 't') {
        this.distinct[k]!++;
        flags[k] = 't';
        anyNew = true;
        continue;
      } else {
        seen = this.#withinScope[k]!.get(scope);
        if (!seen) {
          const firstOfScope = this.#firstRow[s]!.get(scope)!;
          const first = this.#byRow[k]![firstOfScope];
          seen = new Map(first === null || first === undefined ? [] : [[first, firstOfScope]]);
          this.#withinScope[k]!.set(scope, seen);
        }
      }
      const first = seen.get(value);
      if (first !== undefined) {
        flags[k] = repeat(first);
      } else {
        seen.set(value, r);
        this.distinct[k]!++;
        flags[k] = 't';
        anyNew = true;
      }
    }
    if (repeats && !anyNew) {
      this.duplicates.push({ line: Number(row[0]), duplicateOf: Number(this.#lines[repeatedRow]) });
    }
  }

  #flush(): void {
    // Encoded at once: a chunk kept as a string would be a tree of thousands of concatenations for the collector.
    if (this.#buffer) this.#chunks.push(utf8.encode(this.#buffer));
    this.#buffer = '';
  }

  #areaNumber(row: readonly (string | null)[]): number | null {
    const [p, m, d] = this.#areaIndexes!;
    const prefecture = row[p];
    if (prefecture === null || prefecture === undefined) return null;
    const municipality = row[m] ?? '';
    const district = row[d] ?? '';
    const key = `${prefecture}\u001f${municipality}\u001f${district}`;
    let number = this.#areaNumbers.get(key);
    if (number === undefined) {
      this.areas.push([prefecture, municipality, district]);
      number = this.areas.length;
      this.#areaNumbers.set(key, number);
    }
    return number;
  }
}
