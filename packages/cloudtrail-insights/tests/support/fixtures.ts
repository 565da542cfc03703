import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inCi } from '@mv/testing';
import { type ParsedEvent, parseCloudTrail } from '../../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Real Stratus Red Team detonation logs committed with the tests (a subset, with LICENSE and provenance). */
export const FIXTURE_DIR = join(here, '..', 'fixtures', 'stratus-red-team');

/** The full shared data set (`../shared/data/cloudtrail` beside the repository), when present. */
export const SHARED_DIR = resolve(here, '../../../../../shared/data/cloudtrail/stratus-red-team');

/**
 * The whole shared data set when it is here (always in CI: its absence there is an error), else, on a developer
 * machine, the committed subset with a printed note.
 */
export function integrationDataDir(): string {
  if (existsSync(SHARED_DIR)) return SHARED_DIR;
  if (inCi) throw new Error(`CI=true and the shared CloudTrail data is missing at ${SHARED_DIR}`);
  console.warn(`[note] shared CloudTrail data not found at ${SHARED_DIR}; using the committed subset`);
  return FIXTURE_DIR;
}

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
