import { json } from '@mv/http-edge';
import * as z from 'zod';
import { decodeExportCursor, encodeExportCursor, openDataPage } from '../analytics/openDataPage.js';
import { openDataCsv } from '../analytics/openDataRecords.js';
import { StatsFilter } from '../analytics/StatsFilter.js';
import type { SqlSession } from '../db/SqlDatabase.js';
import { ValidationError } from '../errors.js';

/**
 * The most one page of `GET /export` may weigh, counted as its records take in a Lambda result (JSON-escaped
 * UTF-8): under Lambda's 6 MB response limit with room for the headers and the result's envelope, whatever the
 * names of the municipalities.
 */
export const MAX_EXPORT_PAGE_BYTES = 4_000_000;

/** `GET /export`'s query: the statistics filter, the format, a page size and the cursor of the previous page. */
export const ExportQuery = StatsFilter.extend({
  format: z.enum(['csv', 'json']).default('json'),
  limit: z.coerce.number().int().min(1).max(50_000).default(20_000),
  cursor: z.string().max(200).optional(),
}).strict();
/** A parsed {@link ExportQuery}. */
export type ExportQuery = z.infer<typeof ExportQuery>;

/** Bytes a value takes inside a Lambda result's JSON (its body is a JSON string, so it is escaped once more). */
const escapedBytes = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;

/**
 * One page of the open-data export (JSON `{ count, records, nextCursor }`, or a whole CSV file through the
 * formula-defusing writer), at most `limit` events and at most `maxBytes`; `nextCursor` (and a `Link: rel="next"`
 * header) names the next page, `null` on the last. Reading every page gives every event exactly once.
 *
 * @example
 * const response = await exportOpenData(repository.db, ExportQuery.parse({ format: 'csv' }));
 */
export async function exportOpenData(
  db: SqlSession,
  query: ExportQuery,
  maxBytes = MAX_EXPORT_PAGE_BYTES,
): Promise<Response> {
  const { format, limit, cursor, ...filter } = query;
  const after = cursor === undefined ? undefined : decodeExportCursor(cursor);
  if (cursor !== undefined && after === undefined)
    throw new ValidationError(
      'The cursor is not one this API issued: use the nextCursor of the previous page.',
    );
  const rows = await openDataPage(db, filter, after, limit + 1);
  const records = [];
  let bytes = 0;
  for (const row of rows.slice(0, limit)) {
    bytes += escapedBytes(JSON.stringify(row.record)) + 1;
    if (bytes > maxBytes && records.length > 0) break;
    records.push(row.record);
  }
  const last = rows[records.length - 1];
  const nextCursor = rows.length > records.length && last ? encodeExportCursor(last.position) : null;
  const headers: Record<string, string> = { 'cache-control': 'public, max-age=3600' };
  if (nextCursor) {
    const next = new URLSearchParams(
      Object.entries({ ...filter, format, limit: String(limit), cursor: nextCursor }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    // A query-only reference: it resolves against whatever path the caller used (API stage, CloudFront /api).
    headers.link = `<?${next}>; rel="next"`;
    headers['x-next-cursor'] = nextCursor;
  }
  if (format === 'json') return json(200, { count: records.length, records, nextCursor }, headers);
  // BOM, CRLF and formula-defused cells (openDataCsv): the file goes to citizens' spreadsheets.
  return new Response(openDataCsv(records), {
    headers: {
      ...headers,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="cat-data-open-data${after ? `-${after[0]}-${after[2]}` : ''}.csv"`,
    },
  });
}
