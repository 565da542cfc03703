import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveFilter } from '../../src/query/QueryFilter.js';
import { listTrailFiles } from '../../src/query/trailFiles.js';

// The real readdir, watched: which folders a listing reads.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readdir: vi.fn(actual.readdir) };
});

const FOLDER = 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/01/01';

describe('listTrailFiles: the JSON text size of each file, which sizes the DuckDB reader', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mv-trail-files-'));
    mkdirSync(join(root, FOLDER), { recursive: true });
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('reads a gzip log file size from its trailer and a plain file size from the file system', async () => {
    // Prepare
    const text = JSON.stringify({ Records: Array.from({ length: 500 }, (_, i) => ({ eventID: `e-${i}` })) });
    writeFileSync(join(root, FOLDER, 'a.json.gz'), gzipSync(text));
    writeFileSync(join(root, 'export.json'), '[]');
    // Act
    const files = await listTrailFiles(root, resolveFilter({}));
    // Assess
    expect(files.map((f) => [f.path.slice(root.length + 1), f.textBytes])).toEqual([
      [`${FOLDER}/a.json.gz`, Buffer.byteLength(text)],
      ['export.json', 2],
    ]);
  });

  it('leaves the size unknown when the trailer cannot be the whole text (several gzip members)', async () => {
    // Prepare: a large member, then a small one whose trailer is the file's last four bytes
    const big = gzipSync(
      JSON.stringify({ Records: Array.from({ length: 2_000 }, (_, i) => ({ n: i * 7_919 })) }),
    );
    writeFileSync(join(root, FOLDER, 'b.json.gz'), Buffer.concat([big, gzipSync(' ')]));
    // Act
    const [file] = await listTrailFiles(root, resolveFilter({}));
    // Assess
    expect(file?.textBytes).toBeUndefined();
  });
});

describe('listTrailFiles: partition pruning on the folder tree', () => {
  let root: string;
  const ACCOUNTS = ['111122223333', '444455556666'];
  const REGIONS = ['eu-west-1', 'us-east-1'];
  const DAYS = ['2025/12/31', '2026/01/01', '2026/01/02', '2026/02/01'];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mv-trail-prune-'));
    for (const [a, account] of ACCOUNTS.entries())
      for (const region of REGIONS)
        for (const day of DAYS) {
          // One account in an organisation trail's folder, one in a single-account trail's.
          const folder = join(
            root,
            `AWSLogs/${a === 0 ? 'o-a1b2c3d4e5/' : ''}${account}/CloudTrail/${region}/${day}`,
          );
          mkdirSync(folder, { recursive: true });
          for (const n of [2, 1])
            writeFileSync(join(folder, `${account}_${n}.json.gz`), gzipSync('{"Records":[]}'));
        }
    mkdirSync(join(root, 'exports'));
    writeFileSync(join(root, 'exports', 'events.json'), '[]');
    vi.mocked(readdir).mockClear();
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const relative = (path: string) => path.slice(root.length + 1);

  it('reads no folder of another account, Region or day, and keeps what the file-by-file check keeps', async () => {
    // Prepare
    const filter = resolveFilter({
      accountIds: ['444455556666'],
      regions: ['us-east-1'],
      startTime: '2026-01-01T00:00:00Z',
      endTime: '2026-01-01T12:00:00Z',
    });
    const everything = await listTrailFiles(root, resolveFilter({}));
    vi.mocked(readdir).mockClear();
    // Act
    const files = await listTrailFiles(root, filter);
    // Assess: the same files as checking every file of the bucket, and only their folders' parents read
    const expected = everything.filter(
      (f) =>
        f.account === undefined ||
        (f.account === '444455556666' &&
          f.region === 'us-east-1' &&
          f.day! >= filter.firstDay! &&
          f.day! <= filter.lastDay!),
    );
    expect(files.map((f) => relative(f.path))).toEqual(expected.map((f) => relative(f.path)));
    expect(files.map((f) => relative(f.path))).toEqual([
      'AWSLogs/444455556666/CloudTrail/us-east-1/2026/01/01/444455556666_1.json.gz',
      'AWSLogs/444455556666/CloudTrail/us-east-1/2026/01/01/444455556666_2.json.gz',
      'AWSLogs/444455556666/CloudTrail/us-east-1/2026/01/02/444455556666_1.json.gz',
      'AWSLogs/444455556666/CloudTrail/us-east-1/2026/01/02/444455556666_2.json.gz',
      'exports/events.json',
    ]);
    const read = vi.mocked(readdir).mock.calls.map(([dir]) => relative(`${String(dir)}/`).replace(/\/$/, ''));
    expect(read.filter((dir) => /111122223333|eu-west-1|2025|2026\/02(\/|$)/.test(dir))).toEqual([]);
    expect(read).toContain('AWSLogs/444455556666/CloudTrail/us-east-1/2026/01/02');
  });

  it('reads at most 32 folders at once, however many a level holds', async () => {
    // Prepare: 100 day folders side by side
    const month = join(root, 'AWSLogs/444455556666/CloudTrail/us-east-1/2027');
    for (let d = 0; d < 100; d++) {
      const folder = join(
        month,
        String(1 + Math.floor(d / 28)).padStart(2, '0'),
        String(1 + (d % 28)).padStart(2, '0'),
      );
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'x.json.gz'), gzipSync('{"Records":[]}'));
    }
    const actual = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    let reading = 0;
    let most = 0;
    vi.mocked(readdir).mockImplementation((async (...args: Parameters<typeof actual.readdir>) => {
      most = Math.max(most, ++reading);
      try {
        return await actual.readdir(...args);
      } finally {
        reading--;
      }
    }) as typeof readdir);
    try {
      // Act
      const files = await listTrailFiles(root, resolveFilter({ accountIds: ['444455556666'] }));
      // Assess
      expect(files.filter((f) => f.day?.startsWith('2027/'))).toHaveLength(100);
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(32);
    } finally {
      vi.mocked(readdir).mockImplementation(actual.readdir as typeof readdir);
    }
  });

  it('lists the files of every folder in path order, however the folders are read', async () => {
    // Act
    const files = await listTrailFiles(root, resolveFilter({}));
    // Assess
    const paths = files.map((f) => f.path);
    expect(paths).toHaveLength(ACCOUNTS.length * REGIONS.length * DAYS.length * 2 + 1);
    expect(paths).toEqual([...paths].sort());
  });
});
