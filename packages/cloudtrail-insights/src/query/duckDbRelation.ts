import { normalisedEvents } from './eventScan.js';
import { sqlLiteral } from './Statement.js';
import { DUCKDB_RECORD_STRUCTURE } from './tableLayout.js';
import type { TrailFile } from './trailFiles.js';

/**
 * The largest file (uncompressed) the DuckDB engine reads: a trail log file is one JSON object, read whole.
 * CloudTrail delivers a file per account and Region about every 5 minutes, a few MB at most for busy accounts.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The JSON reader's object size for `files`: the largest text among them, up to {@link MAX_FILE_BYTES} (that
 * when a size is unknown). DuckDB sets aside twice this per reading thread inside its memory limit (and takes no
 * less than its default, 16 MiB): a fixed 64 MiB cost 128 MiB a thread for every window, so a limit under about
 * 300 MB failed on two cores before reading a record.
 */
function objectSize(files: TrailFile[]): number {
  let largest = 0;
  for (const file of files) largest = Math.max(largest, file.textBytes ?? MAX_FILE_BYTES);
  return Math.min(MAX_FILE_BYTES, Math.max(largest, 1));
}

// Values of an unexpected type become NULL field by field; a file that is not JSON at all is skipped.
const readOptions = (files: TrailFile[]) =>
  `format = 'unstructured', maximum_object_size = ${objectSize(files)}, ignore_errors = true`;

type Structure = string | readonly Structure[] | { readonly [field: string]: Structure };

/** A `json_transform`-style structure as a DuckDB type: `STRUCT("eventTime" VARCHAR, ...)`, `T[]`. */
function duckDbType(structure: Structure): string {
  if (typeof structure === 'string') return structure;
  if (Array.isArray(structure)) return `${duckDbType(structure[0] as Structure)}[]`;
  const fields = Object.entries(structure as Record<string, Structure>).map(
    ([name, type]) => `"${name}" ${duckDbType(type)}`,
  );
  return `STRUCT(${fields.join(', ')})`;
}

/** The typed list of records, as `read_json` reads a trail file's `Records` or a bare array file. @internal */
export const RECORD_LIST_TYPE = duckDbType([DUCKDB_RECORD_STRUCTURE]);

function fileList(files: TrailFile[]): string {
  return `[${files.map((f) => sqlLiteral(f.path)).join(', ')}]`;
}

/**
 * One row per file of `files`: its index in `files` (`f`, 0-based) and its list of records (`v`, typed
 * `listType`), from a trail log file's `Records` or a bare array file's top level. DuckDB parses each file once,
 * files in parallel. The index comes from a join with a small table of the paths: `list_position` over the path
 * list would rebuild that constant list for every file row (a second of CPU at 1,000 files).
 */
function recordLists(files: TrailFile[], listType: string): string {
  const none = `SELECT 0 AS f, CAST([] AS ${listType}) AS v WHERE false`;
  const parts: string[] = [];
  for (const [shape, column, options] of [
    ['records', 'Records', 'records = true'],
    ['array', 'json', 'records = false'],
  ] as const) {
    const subset = files.filter((file) => file.shape === shape);
    if (subset.length > 0)
      parts.push(`SELECT filename, ${column} AS v FROM read_json(${fileList(subset)},
        columns = {${column}: ${sqlLiteral(listType)}}, filename = true, ${options}, ${readOptions(subset)})`);
  }
  if (parts.length === 0) return none;
  const indexes = files.map((file, index) => `(${sqlLiteral(file.path)}, ${index})`).join(', ');
  return `SELECT CAST(n.f AS INTEGER) AS f, l.v FROM (${parts.join(' UNION ALL ')}) l
    JOIN (VALUES ${indexes}) AS n (path, f) ON l.filename = n.path`;
}

/** Each record of `files` (`value`) with its file's index in `files` (`f`, 0-based) and its position (`i`, 1-based). */
function records(files: TrailFile[], listType: string): string {
  return `SELECT f, unnest(v) AS value, CAST(unnest(range(1, len(v) + 1)) AS INTEGER) AS i
    FROM (${recordLists(files, listType)}) lists`;
}

/**
 * The rows of a window table over `files`: each event's normalised columns ({@link normalisedEvents}, the one
 * definition both engines use), computed once per window from the typed records (each file's JSON parsed once,
 * straight into typed columns, only the fields the analyses read), with the file's index in `files` (`f`) and the
 * record's position in it (`i`) instead of the whole record. The analyses then read plain columns: no JSON, no
 * identity or time parsing per query. @internal
 */
export function duckDbWindowRows(files: TrailFile[]): string {
  const typed = `(SELECT f, i, s.eventTime AS eventtime, s.eventName AS eventname, s.eventSource AS eventsource,
    s.eventID AS eventid, s.awsRegion AS awsregion, s.sourceIPAddress AS sourceipaddress, s.userAgent AS useragent,
    s.errorCode AS errorcode, s.readOnly AS readonly, s.recipientAccountId AS recipientaccountid,
    s.userIdentity AS useridentity,
    ' ' || array_to_string(list_transform(s.resources, r -> r.ARN), ' ') || ' ' AS resourcearns,
    ' ' || array_to_string(list_transform(s.resources, r -> r.type), ' ') || ' ' AS resourcetypes
  FROM (SELECT f, i, value AS s FROM (${records(files, RECORD_LIST_TYPE)}) raw WHERE value IS NOT NULL) v) typed`;
  return normalisedEvents(typed, 'f, i');
}

/**
 * The relation of normalised events the analyses read (see {@link eventScan}) over a window table of
 * {@link duckDbWindowRows}: `record` is a reference `<file index>:<position>` that {@link duckDbRecordsQuery}
 * resolves. @internal
 */
export function duckDbRelation(table: string): string {
  return `(SELECT * EXCLUDE (f, i), CAST(f AS VARCHAR) || ':' || CAST(i AS VARCHAR) AS record FROM ${table}) w`;
}

/**
 * The whole records behind `record` references of {@link duckDbRelation} over the same `files`: reads only the
 * files the references name, keeping each record as JSON text (`ref`, `json`).
 * @internal
 */
export function duckDbRecordsQuery(files: TrailFile[], refs: readonly string[]): string {
  const wanted = new Set(refs.map((ref) => Number(ref.slice(0, ref.indexOf(':')))));
  const named = files.map((file, index) => (wanted.has(index) ? file : { ...file, shape: 'other' as const }));
  return `SELECT ref, CAST(value AS VARCHAR) AS json
  FROM (SELECT CAST(f AS VARCHAR) || ':' || CAST(i AS VARCHAR) AS ref, value FROM (${records(named, 'JSON[]')}) r) x
  WHERE ref IN (${refs.map((ref) => sqlLiteral(ref)).join(', ')})`;
}
