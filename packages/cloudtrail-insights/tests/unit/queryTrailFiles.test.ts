import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveFilter } from '../../src/query/QueryFilter.js';
import { listTrailFiles } from '../../src/query/trailFiles.js';

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
