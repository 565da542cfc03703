import { ImportMappingError } from '../errors.js';
import type { ImportMapping } from './ImportMapping.js';
import { problemValue, type RowProblem } from './ImportReport.js';
import { parseDate, parseFiscalYear } from './parseDate.js';
import {
  type FieldSpec,
  type FieldType,
  type RecordKind,
  type RowValues,
  recordKinds,
  stagingColumns,
} from './recordKinds.js';
import { ruleProblem } from './ruleProblem.js';

const truthy = new Set(['true', 't', 'yes', 'y', '1', 'はい', '有', 'あり', '済', '○', '◯']);
const falsy = new Set(['false', 'f', 'no', 'n', '0', 'いいえ', '無', 'なし', '未', '×', '-']);

// NFKC folds full-width digits and letters (１２３, ＡＢＣ) that Japanese spreadsheets produce; ASCII needs no folding,
// and skipping it keeps the per-cell cost of large imports down.
const nonAscii = /[^\x00-\x7f]/;
/** NFKC-normalises a cell when it has anything beyond ASCII. @internal */
export const fold = (value: string): string => (nonAscii.test(value) ? value.normalize('NFKC') : value);

const isoDigits = [0, 1, 2, 3, 5, 6, 8, 9];
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (text: string, i: number) => text.charCodeAt(i) - 48;

/**
 * Whether a cell is already a valid calendar date `YYYY-MM-DD` within parseDate's year range, which parseDate would
 * return unchanged: checked without a regular expression or a Date, since most date cells of large files look so.
 */
function isPlainIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  for (const i of isoDigits) {
    const d = digit(value, i);
    if (d < 0 || d > 9) return false;
  }
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= daysInMonth[month - 1]!;
}

/** A cell its field cannot read (not a date, not a number, ...), and why. */
class Unreadable {
  constructor(readonly reason: string) {}
}

/** A staged value as the type its rule checks: a number for numeric fields, a boolean for yes/no ones. */
function typedValue(field: FieldType, value: string): unknown {
  if (field.type === 'int' || field.type === 'number' || field.type === 'fiscalYear') return Number(value);
  if (field.type === 'bool') return value === 'true';
  return value;
}

/** The staging row of a valid record, or the problems of an invalid one. */
export type MappedRow = { ok: true; row: (string | null)[] } | { ok: false; problems: RowProblem[] };

/**
 * Turns CSV records into staging rows according to a mapping: header lookup, value mapping, type checks, cross-field
 * rules and natural keys. Pure; the database only ever sees rows that passed.
 *
 * @example
 * const mapper = new RowMapper(mapping, header);
 * const result = mapper.map(fields, line);
 * if (result.ok) stage.push(result.row); else report.push(...result.problems);
 */
export class RowMapper {
  readonly kind: RecordKind;
  readonly columns: string[];
  readonly #mapping: ImportMapping;
  readonly #sources: { spec: FieldSpec; index: number | undefined; constant: string | undefined }[];
  readonly #speciesIndex: number | undefined;
  readonly #speciesInclude: Set<string>;
  readonly #values: Map<string, Map<string, string>>;
  /** Per staging column after `line`: the natural key it holds, or the field whose value it holds. */
  readonly #plan: { key: string | null; field: string }[];
  readonly #enumSets: Map<string, Set<string>>;

  /** @throws {ImportMappingError} when a mapped column is not in the header */
  constructor(mapping: ImportMapping, header: readonly string[]) {
    this.#mapping = mapping;
    this.kind = recordKinds[mapping.kind];
    this.columns = stagingColumns(this.kind);
    const positions = new Map<string, number>();
    header.forEach((name, i) => {
      const key = name.normalize('NFKC').trim();
      if (!positions.has(key)) positions.set(key, i);
    });
    const find = (column: string, what: string) => {
      const index = positions.get(column.normalize('NFKC').trim());
      if (index === undefined) {
        throw new ImportMappingError(
          `The CSV has no column "${column}" (mapped to ${what}). Its columns are: ${header.join(', ')}.`,
        );
      }
      return index;
    };
    this.#sources = this.kind.fields.map((spec) => {
      const column = mapping.columns[spec.name];
      return {
        spec,
        index: column === undefined ? undefined : find(column, spec.name),
        constant: mapping.constants[spec.name],
      };
    });
    this.#speciesIndex = mapping.species ? find(mapping.species.column, 'the species filter') : undefined;
    this.#speciesInclude = new Set(mapping.species?.include.map((s) => s.trim().toLowerCase()) ?? []);
    this.#values = new Map(
      Object.entries(mapping.values).map(([field, table]) => {
        const lookup = new Map<string, string>();
        for (const [from, to] of Object.entries(table)) lookup.set(from, to);
        for (const [from, to] of Object.entries(table)) {
          const loose = from.normalize('NFKC').trim().toLowerCase();
          if (!lookup.has(loose)) lookup.set(loose, to);
        }
        return [field, lookup];
      }),
    );
    // Worked out once per file, not once per row: which staging column holds a natural key and which a field.
    const keyColumns = new Set(
      Object.keys(this.kind.keys(Object.fromEntries(this.kind.fields.map((f) => [f.name, null])), '')),
    );
    this.#plan = this.columns.slice(1).map((column) => ({
      key: keyColumns.has(column) ? column : null,
      field: column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
    }));
    this.#enumSets = new Map(
      this.kind.fields.flatMap((f) => (f.field.type === 'enum' ? [[f.name, new Set(f.field.values)]] : [])),
    );
  }

  /** Whether the species filter keeps this record (always true without a filter). */
  keeps(fields: readonly string[]): boolean {
    if (this.#speciesIndex === undefined) return true;
    return this.#speciesInclude.has(
      fold(fields[this.#speciesIndex] ?? '')
        .trim()
        .toLowerCase(),
    );
  }

  /** Maps one record. */
  map(fields: readonly string[], line: number): MappedRow {
    const problems: RowProblem[] = [];
    const values: RowValues = {};
    for (const { spec, index, constant } of this.#sources) {
      const raw = index === undefined ? constant : (fields[index] ?? '');
      const cell = raw === undefined ? '' : raw.trim();
      if (cell === '' && index !== undefined && constant !== undefined) {
        values[spec.name] = this.#convert(spec, constant.trim(), line, problems);
      } else if (cell === '') {
        values[spec.name] = null;
        if (spec.required)
          problems.push({ line, field: spec.name, value: '', reason: 'required value is empty' });
      } else {
        values[spec.name] = this.#convert(spec, cell, line, problems);
      }
    }
    if (problems.length === 0) {
      for (const [field, reason] of this.kind.check(values)) problems.push({ line, field, reason });
    }
    if (problems.length > 0) return { ok: false, problems };
    const keys = this.kind.keys(values, this.#mapping.idPrefix);
    const plan = this.#plan;
    const row: (string | null)[] = new Array(plan.length + 1);
    row[0] = String(line);
    for (let i = 0; i < plan.length; i++) {
      const { key, field } = plan[i]!;
      row[i + 1] = (key === null ? values[field] : keys[key]) ?? null;
    }
    return { ok: true, row };
  }

  #convert(spec: FieldSpec, cell: string, line: number, problems: RowProblem[]): string | null {
    const mapped = this.#mapValue(spec.name, cell);
    const value = this.#read(spec, mapped);
    const reason =
      value instanceof Unreadable ? value.reason : ruleProblem(spec.rule, typedValue(spec.field, value));
    if (reason === undefined) return value as string;
    problems.push({ line, field: spec.name, value: problemValue(cell), reason });
    return null;
  }

  /** The value a cell holds as the field reads it, as staged (text); whether it is valid is the rule's to say. */
  #read(spec: FieldSpec, mapped: string): string | Unreadable {
    const f = spec.field;
    switch (f.type) {
      case 'text':
        return mapped;
      case 'date': {
        // Most date cells of a large file are ISO dates already: checked without allocating.
        const iso = this.#mapping.dateFormat === 'ISO' || this.#mapping.dateFormat === 'auto';
        if (iso && isPlainIsoDate(mapped)) return mapped;
        const result = parseDate(mapped, this.#mapping.dateFormat);
        return result.ok ? result.date : new Unreadable(result.reason);
      }
      case 'int': {
        const digits = fold(mapped).replace(/[,\s]/g, '');
        return /^-?\d+$/.test(digits) ? String(Number(digits)) : new Unreadable('not a whole number');
      }
      case 'fiscalYear': {
        const result = parseFiscalYear(mapped);
        return result.ok ? String(result.year) : new Unreadable(result.reason);
      }
      case 'number': {
        const n = Number(fold(mapped));
        return Number.isFinite(n) ? String(n) : new Unreadable('not a number');
      }
      case 'bool': {
        const v = fold(mapped).trim().toLowerCase();
        if (truthy.has(v)) return 'true';
        if (falsy.has(v)) return 'false';
        return new Unreadable('not a yes/no value (map it under "values")');
      }
      case 'enum': {
        if (this.#enumSets.get(spec.name)?.has(mapped)) return mapped;
        const canonical = mapped
          .normalize('NFKC')
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_');
        if (f.values.includes(canonical)) return canonical;
        return new Unreadable(
          `unknown value; map it under values.${spec.name} to one of: ${f.values.join(', ')}`,
        );
      }
    }
  }

  #mapValue(field: string, cell: string): string {
    const table = this.#values.get(field);
    if (!table) return cell;
    return table.get(cell) ?? table.get(fold(cell).trim().toLowerCase()) ?? cell;
  }
}
