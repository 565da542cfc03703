import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, requirePart } from './parts.ts';
import { freePort, waitFor } from './ports.ts';

/** A throw-away PostgreSQL cluster on 127.0.0.1. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, loopback only) */
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  for (const version of ['17', '16', '15']) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  const initdb = findExecutable('initdb');
  return initdb ? initdb.slice(0, -'/initdb'.length) : undefined;
}

/** Whether PostgreSQL server binaries are here; throws under CI=true when they are not. */
export function postgresAvailable(): boolean {
  return requirePart(
    'PostgreSQL server binaries (initdb, pg_ctl)',
    binDir() !== undefined,
    'apt-get install postgresql, or set PG_BIN',
  );
}

/**
 * PostgreSQL refuses to run as root: when we are root, run its binaries as the `postgres` (or `nobody`) user,
 * spawned directly with that uid/gid (not through `runuser`, which would stand between us and the server and not
 * pass our signals on).
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  }
  return undefined;
}

/**
 * Creates and starts a throw-away PostgreSQL cluster in a temp directory, on a free loopback port.
 *
 * @example
 * const pg = await startPostgres();
 * const client = new pg.Client({ connectionString: cluster.connectionString });
 * await cluster.stop();
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'mv-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const user = serverUser() ?? {};
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale'],
    { encoding: 'utf8', ...user },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'fsync=off',
    '-c',
    'max_connections=50',
  ];
  const child = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...user });
  // If the test process ends without calling stop() (a crash, a timeout), shut the cluster down with it.
  const onExit = () => {
    child.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const isReady = join(bin, 'pg_isready');
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`postgres exited: ${stderr}`);
      return spawnSync(isReady, ['-h', '127.0.0.1', '-p', String(port)]).status === 0;
    },
    30_000,
    'PostgreSQL',
  );
  return {
    port,
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        // SIGINT = PostgreSQL "fast shutdown"
        child.kill('SIGINT');
      }),
  };
}
