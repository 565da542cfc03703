import * as z from 'zod';
import { computeStatistics, StatsReport } from '../analytics/computeStatistics.js';
import { openDataColumns, openDataRecords } from '../analytics/openDataRecords.js';
import { StatsFilter } from '../analytics/StatsFilter.js';
import type { CatDataRepository } from '../CatDataRepository.js';
import { CatStatus } from '../domain/categories.js';
import { NewCat } from '../domain/records.js';
import {
  ConflictError,
  ForbiddenError,
  HttpError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../errors.js';
import { ImportMapping } from '../import/ImportMapping.js';
import { importCsv } from '../import/importCsv.js';
import type { RawCsvStore } from './RawCsvStore.js';
import type { ApiRequest, ApiResponse, Principal } from './types.js';

/** What the API core needs besides the request. */
export interface ApiContext {
  repository: CatDataRepository;
  principal: Principal;
  /** Where uploaded CSVs go; without it `POST /imports` answers 501. */
  rawStore?: RawCsvStore;
}

const Id = z.coerce.number().int().min(1).max(2_147_483_647);
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: Id.optional(),
  status: CatStatus.optional(),
  municipality: z.string().min(1).max(80).optional(),
});
const NewImport = z.object({
  fileName: z.string().trim().min(1).max(200),
  mapping: ImportMapping,
});
const RunImport = z.object({ skipInvalid: z.boolean().default(false) });
const ExportQuery = StatsFilter.extend({ format: z.enum(['csv', 'json']).default('json') });

type Role = 'staff' | 'viewer';

function require(principal: Principal, role: Role): NonNullable<Principal> {
  if (!principal) throw new UnauthorizedError();
  const allowed = role === 'staff' ? ['staff'] : ['staff', 'viewer'];
  if (!principal.groups.some((g) => allowed.includes(g))) {
    throw new ForbiddenError(
      role === 'staff'
        ? 'Only members of the "staff" group can change data.'
        : 'Sign in as a "viewer" or "staff" member to see records.',
    );
  }
  return principal;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues.map((i) => ({
      path: [where, ...i.path].join('.'),
      message: i.message,
    }));
    throw new ValidationError(
      `Invalid ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      { details },
    );
  }
  return result.data;
}

function jsonBody(request: ApiRequest): unknown {
  if (!request.body) throw new ValidationError('A JSON body is required.');
  if (request.body.length > 1_000_000) throw new ValidationError('The JSON body is larger than 1 MB.');
  try {
    return JSON.parse(request.body);
  } catch {
    throw new ValidationError('The body is not valid JSON.');
  }
}

const json = (statusCode: number, value: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type Route = {
  method: string;
  pattern: RegExp;
  run: (request: ApiRequest, context: ApiContext, params: string[]) => Promise<ApiResponse>;
};

const routes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/cats$/,
    async run(request, { repository, principal }) {
      require(principal, 'viewer');
      const query = parse(ListQuery, request.query, 'query');
      return json(200, await repository.listCats(query));
    },
  },
  {
    method: 'GET',
    pattern: /^\/cats\/([^/]+)$/,
    async run(_request, { repository, principal }, [id]) {
      require(principal, 'viewer');
      return json(200, await repository.getCat(parse(Id, id, 'id')));
    },
  },
  {
    method: 'POST',
    pattern: /^\/cats$/,
    async run(request, { repository, principal }) {
      require(principal, 'staff');
      const cat = await repository.createCat(parse(NewCat, jsonBody(request), 'body'));
      return json(201, cat, { location: `/cats/${cat.id}` });
    },
  },
  {
    method: 'POST',
    pattern: /^\/imports$/,
    async run(request, { repository, principal, rawStore }) {
      const user = require(principal, 'staff');
      if (!rawStore)
        throw new HttpError(501, 'not_configured', 'Uploads are not configured on this deployment.');
      const input = parse(NewImport, jsonBody(request), 'body');
      const key = rawStore.keyFor(input.fileName);
      const pending = await repository.createPendingImport({
        kind: input.mapping.kind,
        fileName: input.fileName,
        rawObject: { bucket: rawStore.bucket, key },
        mapping: input.mapping,
        createdBy: user.username,
      });
      const upload = await rawStore.presignUpload(key);
      return json(201, {
        importId: pending.id,
        status: pending.status,
        upload,
        run: `/imports/${pending.id}/run`,
      });
    },
  },
  {
    method: 'POST',
    pattern: /^\/imports\/([^/]+)\/run$/,
    async run(request, { repository, principal, rawStore }, [idText]) {
      require(principal, 'staff');
      if (!rawStore)
        throw new HttpError(501, 'not_configured', 'Uploads are not configured on this deployment.');
      const id = parse(Id, idText, 'id');
      const options = parse(RunImport, request.body ? jsonBody(request) : {}, 'body');
      const pending = await repository.getImport(id);
      if (pending.status !== 'pending' || !pending.rawObject)
        throw new ConflictError(`Import ${id} has already run.`);
      const object = await rawStore.read(pending.rawObject.key);
      if (!object) throw new ConflictError(`Upload the CSV to the presigned URL of import ${id} first.`);
      const report = await importCsv(repository, {
        bytes: object.bytes,
        mapping: pending.mapping as ImportMapping,
        fileName: pending.fileName,
        skipInvalid: options.skipInvalid,
        pendingImportId: id,
      });
      await repository.linkRawObject(id, { ...pending.rawObject, versionId: object.versionId });
      return json(200, report);
    },
  },
  {
    method: 'GET',
    pattern: /^\/imports\/([^/]+)$/,
    async run(_request, { repository, principal }, [id]) {
      require(principal, 'staff');
      const { mapping: _mapping, ...record } = await repository.getImport(parse(Id, id, 'id'));
      return json(200, record);
    },
  },
  {
    method: 'GET',
    pattern: /^\/stats\/([^/]+)$/,
    async run(request, { repository }, [name]) {
      const report = StatsReport.safeParse(name);
      if (!report.success)
        throw new NotFoundError(`No statistics "${name}": use ${StatsReport.options.join(', ')}.`);
      const filter = parse(StatsFilter, request.query, 'query');
      const result = await computeStatistics(repository.db, report.data, filter);
      return json(200, result, { 'cache-control': 'public, max-age=3600' });
    },
  },
  {
    method: 'GET',
    pattern: /^\/export$/,
    async run(request, { repository }) {
      const { format, ...filter } = parse(ExportQuery, request.query, 'query');
      const records = await openDataRecords(repository.db, filter);
      if (format === 'json')
        return json(200, { count: records.length, records }, { 'cache-control': 'public, max-age=3600' });
      const lines = [
        openDataColumns.join(','),
        ...records.map((r) => openDataColumns.map((c) => csvCell(r[c])).join(',')),
      ];
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="cat-data-open-data.csv"',
          'cache-control': 'public, max-age=3600',
        },
        // A BOM so that Excel on Japanese Windows reads the file as UTF-8.
        body: `\uFEFF${lines.join('\r\n')}\r\n`,
      };
    },
  },
];

/**
 * The API core: a pure function from a request (and who sent it) to a response. Adapters (API Gateway, Node HTTP)
 * do the transport; this does routing, authorisation, validation and error shaping.
 *
 * - `GET /cats`, `GET /cats/{id}` — groups `viewer` or `staff`
 * - `POST /cats`, `POST /imports`, `POST /imports/{id}/run`, `GET /imports/{id}` — group `staff`
 * - `GET /stats/{summary|areas|monthly|ministry}`, `GET /export?format=csv|json` — public, aggregates and open data only
 *
 * @example
 * const response = await handleApiRequest(
 *   { method: 'GET', path: '/stats/ministry', query: {}, headers: {}, body: null },
 *   { repository, principal: null },
 * );
 */
export async function handleApiRequest(request: ApiRequest, context: ApiContext): Promise<ApiResponse> {
  const path = request.path.replace(/\/+$/, '') || '/';
  const method = request.method.toUpperCase();
  try {
    let pathMatched = false;
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method === method)
        return await route.run(request, context, match.slice(1).map(decodeURIComponent));
    }
    if (pathMatched) throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${path}.`);
    throw new NotFoundError(`No route ${method} ${path}.`);
  } catch (error) {
    if (error instanceof HttpError) return json(error.statusCode, error.toJSON());
    throw error;
  }
}
