import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { labelIdentities } from '../labelIdentities.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { parseCloudTrailFile } from './parseCloudTrailFile.js';

const CLOUDTRAIL_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

async function collect(path: string, out: string[]): Promise<void> {
  const info = await stat(path);
  if (info.isFile()) {
    out.push(path);
    return;
  }
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await collect(child, out);
    else if (CLOUDTRAIL_FILE.test(entry.name)) out.push(child);
  }
}

/**
 * Reads CloudTrail from local files: a file or a directory tree of `.json`, `.json.gz`, `.jsonl` files in any
 * accepted form (trail log files, exported arrays, JSON Lines, saved LookupEvents pages). Events come back
 * oldest first, with one identity label per principal over all the files. A file that is not CloudTrail fails the
 * read with a `CloudTrailFileError` naming it (relative to `path`).
 *
 * @example
 * import { readCloudTrailFiles } from '@mv/cloudtrail-insights';
 * const events = await readCloudTrailFiles('./exported-trail');
 */
export async function readCloudTrailFiles(path: string): Promise<ParsedEvent[]> {
  const files: string[] = [];
  await collect(path, files);
  const events: ParsedEvent[] = [];
  for (const file of files) {
    const name = file === path ? basename(file) : relative(path, file);
    for (const event of parseCloudTrailFile(name, await readFile(file))) events.push(event);
  }
  return labelIdentities(events).sort((a, b) => a.timestamp - b.timestamp);
}
