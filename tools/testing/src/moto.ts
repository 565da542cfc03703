import { type ChildProcess, spawn } from 'node:child_process';
import { findExecutable, requirePart } from './parts.ts';
import { freePort, waitFor } from './ports.ts';

/** A running `moto_server` on 127.0.0.1. */
export interface MotoServer {
  /** e.g. `http://127.0.0.1:53121` */
  endpoint: string;
  port: number;
  /** Wipes every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Credentials and region every moto-backed test uses; moto accepts any. */
export const motoCredentials = {
  region: 'us-east-1',
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
} as const;

/** Whether moto_server can run here; throws under CI=true when it cannot. */
export function motoAvailable(): boolean {
  return requirePart(
    'moto_server',
    findExecutable('moto_server') !== undefined,
    'install it with: pip install "moto[server]"',
  );
}

/**
 * Starts a throw-away `moto_server` on a free loopback port and waits until it answers.
 *
 * @example
 * const moto = await startMoto();
 * const s3 = new S3Client({ ...motoCredentials, endpoint: moto.endpoint, forcePathStyle: true });
 * // ...
 * await moto.stop();
 */
export async function startMoto(): Promise<MotoServer> {
  const executable = findExecutable('moto_server');
  if (!executable) throw new Error('moto_server is not on PATH');
  const port = await freePort();
  const child: ChildProcess = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  // If the test process ends without calling stop() (a crash, a timeout), take the server with it.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`moto_server exited: ${stderr}`);
        const response = await fetch(`${endpoint}/moto-api/data.json`);
        await response.arrayBuffer();
        return response.ok;
      },
      30_000,
      'moto_server',
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    port,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
    },
    stop: () => stopChild(child),
  };
}

/** Sends SIGTERM, then SIGKILL after a grace period, and resolves once the process has exited. @internal */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
