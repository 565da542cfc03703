import type * as z from 'zod';

/**
 * The shape of one kind of CSV a mapping can load (fields, checks, keys, merge SQL), apart from the kinds themselves so
 * that `recordKinds.ts` and `kinds/*` do not import each other.
 */

/**
 * How a cell is read into a value (a Japanese date into `YYYY-MM-DD`, `はい` into `true`, ...). Enumerations go through
 * the mapping's `values` first. What values are valid is the field's `rule`, not the reader's.
 */
export type FieldType =
  | { type: 'text' }
  | { type: 'date' }
  | { type: 'int' }
  | { type: 'fiscalYear' }
  | { type: 'number' }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] };

/** A field a mapping can feed. @internal */
export interface FieldSpec {
  name: string;
  field: FieldType;
  /**
   * The rule a value read from a cell must pass: the domain schema's for the same field (`NewCat.shape.microchip`),
   * so that an import stores nothing the API would refuse.
   */
  rule: z.ZodType;
  required?: boolean;
}

/** Mapped values of one row, by field name; `null` when the cell is empty or the column is not mapped. */
export type RowValues = Record<string, string | null>;

/**
 * One kind of CSV a mapping can load: its fields, the rules across fields, its natural keys, and the SQL that merges
 * a staging table into the stored tables. @internal
 */
export interface RecordKind {
  fields: readonly FieldSpec[];
  /** Problems involving several fields: `[field, reason]` pairs. */
  check(values: RowValues): [string, string][];
  /** Natural keys, by staging column. Re-importing a row yields the same keys, so nothing is added twice. */
  keys(values: RowValues, idPrefix: string): Record<string, string | null>;
  /**
   * Statements run in the import's transaction after the staging table `stage` is filled; `$1` is the import id.
   * Each returns one row `{ added }` unless `label` is null (reference data such as areas). The candidates (records
   * of the file, added or already present) are counted from the staged rows with a `candidates.key`, or returned by
   * the statement as `candidates` when it has no such key.
   */
  merge: readonly MergeStep[];
  /**
   * Key columns whose keys each lie within another key column's: two equal keys always have equal scope keys (an
   * intake key starts with its cat's key). It lets the import find a file's repeated keys among a scope's rows only.
   */
  keysWithin?: Readonly<Record<string, string>>;
  /**
   * Constraints and indexes of the tables the merge writes, in dependency order. A bulk load (many rows against
   * small tables) drops them inside its transaction and restores them before commit, which checks them once per
   * table, set-based, instead of once per row: see `loadImport`. The merge must give the same
   * result without them.
   */
  bulkLoad?: readonly BulkLoadStep[];
  /**
   * The tables a bulk load locks before dropping anything, in this order: referenced tables first, so it waits for
   * an import already writing them instead of deadlocking with it.
   */
  bulkLoadLocks?: readonly string[];
}

/** One statement of a {@link RecordKind}'s merge. @internal */
export interface MergeStep {
  label: string | null;
  sql: string;
  /** The staging key column whose non-null values (`distinct`: distinct values) are this step's candidates. */
  candidates?: { key: string; distinct: boolean };
}

/** One constraint or index a bulk load drops and restores: its table and the two statements. @internal */
export interface BulkLoadStep {
  table: string;
  drop: string;
  restore: string;
}
