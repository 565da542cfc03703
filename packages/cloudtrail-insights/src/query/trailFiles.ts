import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { mapConcurrently } from '../sources/mapConcurrently.js';
import { EngineConfigError } from './errors.js';
import type { ResolvedFilter } from './QueryFilter.js';
import { TRAIL_FOLDER } from './tableLayout.js';

/** How a file holds its records: a trail log file `{"Records":[...]}` or a bare JSON array of records. */
export type TrailFileShape = 'records' | 'array' | 'other';

/** A CloudTrail file found under a root, with its partition (for files in the trail layout). */
export interface TrailFile {
  path: string;
  bytes: number;
  shape: TrailFileShape;
  account?: string;
  region?: string;
  /** `yyyy/MM/dd`. */
  day?: string;
  /** Last modification (ms since the epoch): with the path and size, tells a file changed. */
  modifiedMs?: number;
  /**
   * Size of the JSON text: `bytes` for a plain file, the size a gzip file records in its trailer for a `.gz`
   * (undefined when the trailer cannot be trusted: a text smaller than its compressed file, or over 4 GiB).
   */
  textBytes?: number;
}

const JSON_FILE = /\.json(\.gz)?$/i;

interface Probe {
  shape: TrailFileShape;
  textBytes?: number;
}
const probes = new Map<string, Probe>();

/** The JSON text size a gzip member's trailer records (ISIZE, modulo 4 GiB), if it can be trusted. */
function gzipTextBytes(trailer: Buffer, bytes: number): number | undefined {
  if (trailer.length < 4) return undefined;
  const size = trailer.readUInt32LE(trailer.length - 4);
  // CloudTrail writes one gzip member; JSON text is never smaller than its compressed file.
  return size >= bytes ? size : undefined;
}

/**
 * Reads a file's head and, when gzipped, its trailer: the first non-blank character tells its shape (`known`
 * skips that), the trailer its text size. A few KiB at most, once per path, size and modification time.
 */
async function probe(path: string, bytes: number, mtime: number, known?: TrailFileShape): Promise<Probe> {
  if (known && !/\.gz$/i.test(path)) return { shape: known, textBytes: bytes };
  const key = `${path}\u0000${bytes}\u0000${mtime}`;
  const cached = probes.get(key);
  if (cached) return cached;
  const handle = await open(path, 'r');
  let head: Buffer;
  let trailer = Buffer.alloc(0);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(16_384), 0, 16_384, 0);
    head = buffer.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b && bytes >= 4)
      trailer = (await handle.read(Buffer.alloc(4), 0, 4, bytes - 4)).buffer;
  } finally {
    await handle.close();
  }
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  let shape = known;
  if (!shape) {
    let text = head;
    if (gzipped) {
      try {
        text = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        text = Buffer.alloc(0);
      }
    }
    const first = text.toString('utf8').trimStart()[0];
    shape = first === '{' ? 'records' : first === '[' ? 'array' : 'other';
  }
  const found: Probe = { shape, textBytes: gzipped ? gzipTextBytes(trailer, bytes) : bytes };
  if (probes.size > 100_000) probes.clear();
  probes.set(key, found);
  return found;
}

/**
 * A trail folder or one of its parents (`AWSLogs/[o-orgid/]<account>[/CloudTrail[/<region>[/<yyyy>[/<MM>[/<dd>]]]]]`,
 * at the end of a path relative to the root, with a leading `/`): what of its partition the path already tells.
 */
const TRAIL_PARENT =
  /\/AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(\d{12})(?:\/CloudTrail(?:\/([a-z0-9-]+)(?:\/(\d{4})(?:\/(\d{2})(?:\/(\d{2}))?)?)?)?)?$/;

/**
 * False for a folder of the trail layout whose files the filter leaves out whatever they are (another account,
 * Region, or days outside the window), so the walk does not read it: partition pruning on the folder tree, as
 * Athena's projection prunes. A day folder it keeps holds only files the filter wants: no check per file.
 */
function mayHold(rel: string, filter: ResolvedFilter): boolean {
  const match = TRAIL_PARENT.exec(rel);
  if (!match) return true;
  const [, account, region, year, month, day] = match;
  if (filter.accountIds && !filter.accountIds.includes(account!)) return false;
  if (region !== undefined && filter.regions && !filter.regions.includes(region)) return false;
  if (year === undefined) return true;
  // The folder's days as a `yyyy/MM/dd` prefix: the window must reach it, compared at the prefix's length.
  const prefix = [year, month, day].filter((part) => part !== undefined).join('/');
  if (filter.firstDay && prefix < filter.firstDay.slice(0, prefix.length)) return false;
  if (filter.lastDay && prefix > filter.lastDay.slice(0, prefix.length)) return false;
  return true;
}

/**
 * Folders read, and files stat-ed and probed, at once while listing: one at a time cost ~0.1 s per 1,000 files, on
 * every query.
 */
const LIST_CONCURRENCY = 32;

/**
 * The JSON files under `root`, one depth of folders after the other, {@link LIST_CONCURRENCY} folders read at once
 * (an organisation's bucket copy has a folder per account, Region and day: reading every folder at once would queue
 * hundreds of thousands of requests).
 */
async function walk(root: string, filter: ResolvedFilter, out: string[]): Promise<void> {
  let level: (readonly [dir: string, rel: string])[] = [[root, '']];
  while (level.length > 0) {
    const below = await mapConcurrently(level, LIST_CONCURRENCY, async ([dir, rel]) => {
      const folders: (readonly [string, string])[] = [];
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const child = join(dir, entry.name);
        const childRel = `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          if (mayHold(childRel, filter)) folders.push([child, childRel]);
        } else if (entry.isFile() && JSON_FILE.test(entry.name)) out.push(child);
      }
      return folders;
    });
    level = below.flat();
  }
}

/**
 * Lists the CloudTrail files under `root` a filter can touch. Files in the trail layout
 * (`AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`) are pruned by account, Region and day,
 * as Athena's partition projection prunes; other `AWSLogs/` folders (digests, Insights) are skipped; files
 * elsewhere (plain folders of exported JSON) are always listed. Sorted by path.
 *
 * @example
 * const files = await listTrailFiles('./bucket', resolveFilter({ accountIds: ['111122223333'] }));
 */
export async function listTrailFiles(root: string, filter: ResolvedFilter): Promise<TrailFile[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(root);
  } catch (error) {
    throw new EngineConfigError('the CloudTrail folder does not exist or cannot be read (CLOUDTRAIL_FILES)', {
      cause: error,
    });
  }
  const paths: string[] = [];
  if (info.isFile()) paths.push(root);
  else await walk(root, filter, paths);
  // Sorted by path (folders are read concurrently, in no set order); stat and probe keep this order.
  paths.sort();
  const places: Omit<TrailFile, 'shape' | 'bytes' | 'modifiedMs'>[] = [];
  for (const path of paths) {
    const rel = `/${relative(root, path).split(sep).join('/')}`;
    const match = TRAIL_FOLDER.exec(rel);
    if (!match && rel.includes('/AWSLogs/')) continue;
    const place = match
      ? { path, account: match[1], region: match[2], day: `${match[3]}/${match[4]}/${match[5]}` }
      : { path };
    places.push(place);
  }
  return mapConcurrently(places, LIST_CONCURRENCY, async (place): Promise<TrailFile> => {
    const { size, mtimeMs } = await stat(place.path);
    // A file in the trail layout is a log file CloudTrail wrote, `{"Records":[...]}`: its shape is known.
    const known = place.account === undefined ? undefined : 'records';
    const { shape, textBytes } = await probe(place.path, size, mtimeMs, known);
    return { ...place, bytes: size, modifiedMs: mtimeMs, shape, textBytes };
  });
}

/**
 * Bytes an Athena query of `filter` would scan over a local copy of the bucket: the compressed size of the files
 * partition projection leaves (Athena bills compressed bytes read).
 *
 * @example
 * const bytes = await estimateScanBytes('./bucket', resolveFilter({ accountIds: ['111122223333'], startTime: day, endTime: day }));
 */
export async function estimateScanBytes(root: string, filter: ResolvedFilter): Promise<number> {
  const files = await listTrailFiles(root, filter);
  return files.filter((f) => f.account !== undefined).reduce((sum, f) => sum + f.bytes, 0);
}
