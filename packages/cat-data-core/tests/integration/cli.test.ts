import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  type MotoServer,
  motoAvailable,
  motoCredentials,
  type PostgresCluster,
  postgresAvailable,
  startMoto,
  startPostgres,
  waitFor,
} from '@mv/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatDataRepository, generateShelterCsv, runCli, sampleShelterMapping } from '../../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  let out = '';
  let err = '';
  return runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env }).then((code) => ({
    code,
    out,
    err,
  }));
}

describe('mv-cat-data (embedded PGlite)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mv-cat-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a file with invalid rows (exit 3) and writes the row report, then imports with --skip-invalid', async () => {
    // Prepare
    const db = ['--data-dir', join(dir, 'db')];
    const report = join(dir, 'report.csv');
    const args = [
      'import',
      fixture('shelter-edge-cases.csv'),
      '--mapping',
      fixture('shelter-edge-cases.mapping.json'),
    ];
    // Act
    const rejected = await cli([...args, ...db, '--report', report]);
    const rejectedReport = readFileSync(report, 'utf8');
    const accepted = await cli([...args, ...db, '--skip-invalid', '--report', join(dir, 'report.json')]);
    const stats = await cli(['stats', 'summary', '--format', 'json', ...db]);
    // Assess
    expect(rejected.code).toBe(3);
    expect(rejected.err).toContain('4 row(s) are invalid, so nothing was imported');
    expect(rejectedReport.split('\n')[0]).toBe('line,field,value,reason');
    expect(rejectedReport).toContain('5,intakeDate,02/30/2023,2023-02-30 is not a calendar date');
    expect(accepted.code).toBe(0);
    expect(accepted.out).toContain(
      '10 rows read: 4 stored, 1 duplicate, 1 filtered out, 4 invalid; 11 records added',
    );
    expect(accepted.err).toContain('line 8: duplicate of line 2');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({
      rowsInvalid: 4,
      recordsAdded: 11,
    });
    expect(JSON.parse(stats.out)).toMatchObject({ intakes: 4, outcomes: 3 });
  });

  it('says which migrations it applied, and names a mapping file that is not JSON', async () => {
    // Prepare
    const db = ['--data-dir', join(dir, 'fresh')];
    const badMapping = join(dir, 'bad.mapping.json');
    writeFileSync(badMapping, '{ version: 1 }');
    // Act
    const first = await cli(['migrate', ...db]);
    const second = await cli(['migrate', ...db]);
    const bad = await cli(['import', fixture('shelter-edge-cases.csv'), '--mapping', badMapping, ...db]);
    // Assess
    expect(first).toMatchObject({
      code: 0,
      out: 'Applied migrations 1, 2, 3, 4; the schema is up to date.\n',
    });
    expect(second).toMatchObject({ code: 0, out: 'Schema is up to date: nothing to apply.\n' });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`The mapping file ${badMapping} is not valid JSON: `);
  });

  it('prints the Ministry table as text', async () => {
    const db = ['--data-dir', join(dir, 'ministry')];
    await cli([
      'import',
      fixture('shelter-sjis.csv'),
      '--mapping',
      fixture('shelter-sjis.mapping.json'),
      ...db,
    ]);
    const table = await cli(['stats', 'ministry', ...db]);
    expect(table.code).toBe(0);
    const lines = table.out.trim().split('\n');
    expect(lines[0]).toMatch(/^年度 FY\s+引取り数\s+引取り\(所有者から\)/);
    expect(
      lines
        .find((l) => l.trimStart().startsWith('2023'))
        ?.trim()
        .split(/\s+/),
    ).toEqual(['2023', '3', '1', '2', '0', '2', '2', '—']);
  });

  it('explains usage mistakes with exit status 2', async () => {
    expect(await cli(['import', 'x.csv'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--mapping'),
    });
    expect(await cli(['stats', 'weekly'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown report'),
    });
    expect(await cli(['stats', '--from', '2024-13-01'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--from'),
    });
    expect(await cli(['--bogus'])).toMatchObject({ code: 2 });
  });
});

const hasMoto = motoAvailable();

describe.skipIf(!hasMoto)('mv-cat-data --keep-raw (S3 in moto)', () => {
  let moto: MotoServer;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    moto = await startMoto();
    dir = mkdtempSync(join(tmpdir(), 'mv-cat-raw-'));
    // The SDK finds moto and its credentials through the standard variables only.
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_REGION = motoCredentials.region;
    process.env.AWS_ACCESS_KEY_ID = motoCredentials.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = motoCredentials.credentials.secretAccessKey;
    const s3 = new S3Client({ ...motoCredentials, endpoint: moto.endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'cat-data-v23' }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'cat-data-v23',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
  });
  afterAll(async () => {
    process.env = { ...saved };
    await moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the raw CSV in the versioned bucket and links the import to the object version', async () => {
    // Act
    const result = await cli([
      'import',
      fixture('shelter-sjis.csv'),
      '--mapping',
      fixture('shelter-sjis.mapping.json'),
      '--data-dir',
      join(dir, 'db'),
      '--keep-raw',
      's3://cat-data-v23/municipal',
    ]);
    // Assess
    expect(result.code).toBe(0);
    const repository = await CatDataRepository.openPglite({ dataDir: join(dir, 'db') });
    try {
      const stored = await repository.getImport(1);
      expect(stored.rawObject).toEqual({
        bucket: 'cat-data-v23',
        key: expect.stringMatching(/^municipal\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}_shelter-sjis\.csv$/),
        versionId: expect.any(String),
      });
      const s3 = new S3Client({ ...motoCredentials, endpoint: moto.endpoint, forcePathStyle: true });
      const object = await s3.send(
        new GetObjectCommand({
          Bucket: 'cat-data-v23',
          Key: stored.rawObject!.key,
          VersionId: stored.rawObject!.versionId!,
        }),
      );
      expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(
        readFileSync(fixture('shelter-sjis.csv')),
      );
    } finally {
      await repository.close();
    }
  });
});

const hasPostgres = postgresAvailable();
const builtCli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

describe.skipIf(!hasPostgres)('mv-cat-data against PostgreSQL', () => {
  let cluster: PostgresCluster;
  let dir: string;
  beforeAll(async () => {
    cluster = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), 'mv-cat-kill-'));
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves nothing behind when the import process is killed during the COPY', async () => {
    // Prepare: a file large enough that the COPY is still running when we look for it
    expect(existsSync(builtCli), 'build the package first: pnpm --filter @mv/cat-data-core build').toBe(true);
    const csv = join(dir, 'big.csv');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(csv, generateShelterCsv({ rows: 100_000, seed: 7 }));
    writeFileSync(mapping, JSON.stringify(sampleShelterMapping));
    const client = new pg.Client({ connectionString: cluster.connectionString });
    await client.connect();
    try {
      await cli(['migrate', '--database', cluster.connectionString]);
      const child = spawn(
        process.execPath,
        [builtCli, 'import', csv, '--mapping', mapping, '--database', cluster.connectionString],
        {
          stdio: 'ignore',
        },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_, signal) => resolve(signal)),
      );
      // Act: SIGKILL as soon as the server is executing the import's COPY or merge
      await waitFor(
        async () => {
          const { rows } = await client.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE pid <> pg_backend_pid() AND state = 'active' AND (query LIKE 'COPY stage%' OR query LIKE '%INSERT INTO cat_data.%')`,
          );
          return rows[0].n > 0;
        },
        60_000,
        'the import COPY',
      );
      child.kill('SIGKILL');
      const signal = await exited;
      // Assess: the server rolls the transaction back when the connection drops
      expect(signal).toBe('SIGKILL');
      await waitFor(
        async () => {
          const { rows } = await client.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = 'postgres' AND backend_type = 'client backend'",
          );
          return rows[0].n === 0;
        },
        30_000,
        'the killed session to end',
      );
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM cat_data.imports)::int AS imports, (SELECT count(*) FROM cat_data.cats)::int AS cats,
                (SELECT count(*) FROM cat_data.intakes)::int AS intakes, (SELECT count(*) FROM cat_data.areas)::int AS areas`,
      );
      expect(rows[0]).toEqual({ imports: 0, cats: 0, intakes: 0, areas: 0 });
      // And the same file then imports completely.
      const rerun = await cli(['import', csv, '--mapping', mapping, '--database', cluster.connectionString]);
      expect(rerun.code).toBe(0);
      const after = await client.query('SELECT count(*)::int AS n FROM cat_data.imports');
      expect(after.rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});
