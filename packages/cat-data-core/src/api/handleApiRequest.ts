import { json, readText } from '@mv/http-edge';
import * as z from 'zod';
import { computeStatistics, StatsReport } from '../analytics/computeStatistics.js';
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
import { ExportQuery, exportOpenData } from './exportOpenData.js';
import type { RawCsvStore } from './RawCsvStore.js';
import type { Principal } from './types.js';

/** The largest JSON body the API reads (a cat, an import request with its mapping). */
export const MAX_JSON_BODY_BYTES = 1_000_000;

/** A request as the routes read it: method, path below the API's base, query, and the web request. */
interface ApiCall {
  method: string;
  path: string;
  query: Record<string, string>;
  request: Request;
}

/** What the API core needs besides the request. */
export interface ApiContext {
  repository: CatDataRepository;
  principal: Principal;
  /** Where uploaded CSVs go; without it `POST /imports` answers 501. */
  rawStore?: RawCsvStore;
  /**
   * Starts a queued import. Default: a run request in S3 (`runs/<id>.json`), whose event invokes the import
   * function. A local server passes one that runs {@link runQueuedImport} in the background.
   */
  startImport?: (importId: number) => Promise<void>;
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
const StatsQuery = StatsFilter.strict();

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

async function jsonBody(call: ApiCall): Promise<unknown> {
  const body = await readText(call.request, MAX_JSON_BODY_BYTES);
  if (!body) throw new ValidationError('A JSON body is required.');
  try {
    return JSON.parse(body);
  } catch {
    throw new ValidationError('The body is not valid JSON.');
  }
}

type Route = {
  method: string;
  pattern: RegExp;
  run: (call: ApiCall, context: ApiContext, params: string[]) => Promise<Response>;
};

const routes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/cats$/,
    async run(call, { repository, principal }) {
      require(principal, 'viewer');
      const query = parse(ListQuery, call.query, 'query');
      return json(200, await repository.listCats(query));
    },
  },
  {
    method: 'GET',
    pattern: /^\/cats\/([^/]+)$/,
    async run(_call, { repository, principal }, [id]) {
      require(principal, 'viewer');
      return json(200, await repository.getCat(parse(Id, id, 'id')));
    },
  },
  {
    method: 'POST',
    pattern: /^\/cats$/,
    async run(call, { repository, principal }) {
      require(principal, 'staff');
      const cat = await repository.createCat(parse(NewCat, await jsonBody(call), 'body'));
      return json(201, cat, { location: `/cats/${cat.id}` });
    },
  },
  {
    method: 'POST',
    pattern: /^\/imports$/,
    async run(call, { repository, principal, rawStore }) {
      const user = require(principal, 'staff');
      if (!rawStore)
        throw new HttpError(501, 'not_configured', 'Uploads are not configured on this deployment.');
      const input = parse(NewImport, await jsonBody(call), 'body');
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
    async run(call, { repository, principal, rawStore, startImport }, [idText]) {
      require(principal, 'staff');
      if (!rawStore)
        throw new HttpError(501, 'not_configured', 'Uploads are not configured on this deployment.');
      const id = parse(Id, idText, 'id');
      const hasBody = (await readText(call.request, MAX_JSON_BODY_BYTES)) !== '';
      const options = parse(RunImport, hasBody ? await jsonBody(call) : {}, 'body');
      const pending = await repository.getImport(id);
      if (pending.status !== 'pending' && pending.status !== 'failed')
        throw new ConflictError(`Import ${id} is ${pending.status}: it cannot be run again.`);
      if (!pending.rawObject || !(await rawStore.exists(pending.rawObject.key)))
        throw new ConflictError(`Upload the CSV to the presigned URL of import ${id} first.`);
      // Queued first, then started: the import function only takes queued imports.
      await repository.queueImport(id, options);
      try {
        await (startImport ?? ((importId: number) => rawStore.requestRun(importId)))(id);
      } catch (error) {
        await repository.failImport(id, {
          code: 'not_started',
          message: 'The import could not be started; run it again.',
        });
        throw error;
      }
      const location = `/imports/${id}`;
      return json(202, { importId: id, status: 'queued', location }, { location });
    },
  },
  {
    method: 'GET',
    pattern: /^\/imports\/([^/]+)$/,
    async run(_call, { repository, principal }, [id]) {
      require(principal, 'staff');
      const { mapping: _mapping, ...record } = await repository.getImport(parse(Id, id, 'id'));
      return json(200, record);
    },
  },
  {
    method: 'GET',
    pattern: /^\/stats\/([^/]+)$/,
    async run(call, { repository }, [name]) {
      const report = StatsReport.safeParse(name);
      if (!report.success)
        throw new NotFoundError(
          `No statistics "${String(name).slice(0, 60)}": use ${StatsReport.options.join(', ')}.`,
        );
      const filter = parse(StatsQuery, call.query, 'query');
      const result = await computeStatistics(repository.db, report.data, filter);
      return json(200, result, { 'cache-control': 'public, max-age=3600' });
    },
  },
  {
    method: 'GET',
    pattern: /^\/export$/,
    async run(call, { repository }) {
      return exportOpenData(repository.db, parse(ExportQuery, call.query, 'query'));
    },
  },
];

/**
 * The API's routes: a function from a web request (and who sent it) to a response. The
 * edge does the transport and the error body; this does routing, authorisation and validation, and throws the
 * package's HTTP errors.
 *
 * - `GET /cats`, `GET /cats/{id}` — groups `viewer` or `staff`
 * - `POST /cats`, `POST /imports`, `POST /imports/{id}/run`, `GET /imports/{id}` — group `staff`
 * - `GET /stats/{summary|areas|monthly|ministry}`, `GET /export?format=csv|json[&cursor=]` — public, aggregates and open data only
 *   (a page at a time, each under Lambda's response limit: follow `nextCursor` / `Link: rel="next"`)
 *
 * @example
 * const response = await handleApiRequest(new Request('https://api.example/stats/ministry'), { repository, principal: null });
 */
export async function handleApiRequest(request: Request, context: ApiContext): Promise<Response> {
  const call = apiCall(request);
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(call.path);
    if (!match) continue;
    pathMatched = true;
    if (route.method === call.method) return route.run(call, context, match.slice(1));
  }
  if (pathMatched)
    throw new HttpError(405, 'method_not_allowed', `${call.method} is not allowed on ${call.path}.`);
  throw new NotFoundError(`No route ${call.method} ${call.path.slice(0, 200)}.`);
}

/**
 * Reads path (percent-decoded segment by segment) and query of a request; malformed percent-encoding is the
 * caller's mistake, a 400.
 * @internal
 */
export function apiCall(request: Request): ApiCall {
  const url = new URL(request.url);
  let path: string;
  try {
    path =
      url.pathname
        .split('/')
        .map((segment) => decodeURIComponent(segment))
        .join('/')
        .replace(/\/+$/, '') || '/';
  } catch {
    throw new ValidationError('The path has malformed percent-encoding.');
  }
  return { method: request.method.toUpperCase(), path, query: Object.fromEntries(url.searchParams), request };
}
