import type { RowDuplicate, RowProblem } from './ImportReport.js';

/** Where the raw CSV of an import is kept. */
export interface RawObjectLink {
  bucket: string;
  key: string;
  versionId?: string | null;
}

/** A stored import, as listed by `CatDataRepository.getImport`. */
export interface ImportRecord {
  id: number;
  kind: string;
  fileName: string;
  /** `pending` (awaiting its upload), `queued`, `running`, `completed` or `failed` (see `error`). */
  status: 'pending' | 'queued' | 'running' | 'completed' | 'failed';
  /** When the import function last started it (null before). */
  startedAt: string | null;
  /** Runs started so far (a crashed run is retried). */
  attempts: number;
  /** Why it failed (`status: 'failed'`): the error code and message, and the rows for a rejected file. */
  error: { code: string; message: string; details?: unknown } | null;
  sha256: string | null;
  rawObject: RawObjectLink | null;
  rowsRead: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsFiltered: number;
  rowsInvalid: number;
  recordsAdded: number;
  recordsAlreadyPresent: number;
  problems: RowProblem[];
  duplicates: RowDuplicate[];
  /** The mapping an API upload will be imported with (null for CLI and library imports). */
  mapping: unknown;
  createdBy: string | null;
  createdAt: string;
}
