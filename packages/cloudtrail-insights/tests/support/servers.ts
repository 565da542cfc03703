import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, stopChild, waitFor } from '@mv/testing';

const here = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = join(here, '..', '..');
export const BIN = join(PACKAGE_DIR, 'dist', 'bin', 'mv-cloudtrail-mcp.js');

/** Credentials and Region for the local endpoint (it checks no signature). */
export const LOCAL_AWS_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

/** The built bin must exist: integration tests run the package as users do (turbo builds first). */
export function requireBuiltBin(): string {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run "pnpm --filter @mv/cloudtrail-insights build" first`);
  return BIN;
}

/** Environment for a child server: no inherited AWS settings, only what the test gives. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !key.startsWith('AWS_') &&
      key !== 'BEDROCK_MODEL_ID' &&
      !key.startsWith('CLOUDTRAIL_')
    ) {
      env[key] = value;
    }
  }
  return { ...env, ...LOCAL_AWS_ENV, ...extra };
}

/** A child HTTP server of the package (bin or UI), started on a free port and stopped by the test. */
export interface ChildServer {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Spawns `node <script> ...args` with PORT set and waits for `/healthcheck`. */
export async function startChildServer(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [script, ...args], {
    env: childEnv({ ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  child.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
        const response = await fetch(`${url}/healthcheck`);
        await response.arrayBuffer();
        return response.ok;
      },
      30_000,
      script,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { url, child, stderr: () => stderr, stop: () => stopChild(child) };
}
