import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CatDataRepository,
  DatabaseLockedError,
  generateShelterCsv,
  sampleShelterMapping,
} from '../../src/index.js';

const builtIndex = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const builtCli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A second process that opens the directory (as the local API server does) and keeps it open until killed. */
function holdOpen(dataDir: string, scriptFile: string): Promise<ChildProcess> {
  const script = `import { CatDataRepository } from ${JSON.stringify(builtIndex)};
const repository = await CatDataRepository.openPglite({ dataDir: ${JSON.stringify(dataDir)} });
await repository.createCat({ externalId: 'HELD-1' });
process.stdout.write('open\\n');
setInterval(() => {}, 60_000);`;
  writeFileSync(scriptFile, script);
  const child = spawn(process.execPath, [scriptFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the holder exited early (${code})`)));
  });
}

function runBuiltCli(args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [builtCli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, err })));
}

describe('one writer per PGlite directory (issue 11 item 9)', () => {
  let dir: string;
  let csv: string;
  let mapping: string;
  beforeAll(() => {
    expect(existsSync(builtCli), 'build the package first: pnpm --filter @mv/cat-data-core build').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'mv-cat-lock-'));
    csv = join(dir, 'intakes.csv');
    mapping = join(dir, 'mapping.json');
    writeFileSync(csv, generateShelterCsv({ rows: 20, seed: 3 }));
    writeFileSync(mapping, JSON.stringify(sampleShelterMapping));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second process while the first holds the directory, naming the holder, and takes over after it dies', async () => {
    // Prepare: another process has the directory open
    const dataDir = join(dir, 'db');
    const holder = await holdOpen(dataDir, join(dir, 'holder.mjs'));
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    try {
      // Act: the CLI (a third process) and this process try to open it too
      const blocked = await runBuiltCli(['import', csv, '--mapping', mapping, '--data-dir', dataDir]);
      const inProcess = await CatDataRepository.openPglite({ dataDir }).then(
        () => undefined,
        (error: unknown) => error,
      );
      // Assess
      expect(blocked.code).toBe(4);
      expect(blocked.err).toContain(`in use by process ${holder.pid}`);
      expect(blocked.err).toContain('(node holder.mjs)');
      expect(inProcess).toBeInstanceOf(DatabaseLockedError);
      expect((inProcess as DatabaseLockedError).holder.pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
      await exited;
    }
    // Act: the holder died without releasing; its lock is stale
    const afterDeath = await runBuiltCli(['import', csv, '--mapping', mapping, '--data-dir', dataDir]);
    const repository = await CatDataRepository.openPglite({ dataDir });
    const cats = await repository.listCats({ limit: 500 });
    await repository.close();
    // Assess: the import ran on the holder's data, nothing was lost
    expect(afterDeath).toMatchObject({ code: 0 });
    expect(cats.items.map((c) => c.externalId)).toContain('HELD-1');
    expect(cats.items.length).toBeGreaterThan(1); // and the import's cats beside it
  });

  it('serialises openers in one process: the directory is free again once closed', async () => {
    // Prepare
    const dataDir = join(dir, 'db-sequential');
    const first = await CatDataRepository.openPglite({ dataDir });
    // Act
    const whileOpen = await CatDataRepository.openPglite({ dataDir }).catch((error: unknown) => error);
    await first.close();
    const second = await CatDataRepository.openPglite({ dataDir });
    await second.close();
    // Assess
    expect(whileOpen).toBeInstanceOf(DatabaseLockedError);
    expect((whileOpen as Error).message).toMatch(/in use by process \d+ \(.+\) since/);
  });
});
