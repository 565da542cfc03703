import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedEvent, parseCloudTrail } from '../../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Real Stratus Red Team detonation logs: all 35 files, shipped with the package under `samples/` (LICENSE and
 * provenance beside them). Every test reads them from here; nothing reads outside the repository.
 */
export const FIXTURE_DIR = join(here, '..', '..', 'samples', 'stratus-red-team');

/** The raw records of every `.json` file of a directory (bare arrays), as the publisher wrote them. */
export function rawRecords(dir: string): Record<string, unknown>[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>[]);
}

/** Parsed events of every fixture file. */
export function fixtureEvents(dir = FIXTURE_DIR): ParsedEvent[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => parseCloudTrail(readFileSync(join(dir, f), 'utf8')));
}
