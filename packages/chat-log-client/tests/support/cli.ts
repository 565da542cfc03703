import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `mv-chat-log` binary of this package (`npx tsup` first). */
export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the process in bytes (VmHWM), read from /proc while it ran. */
  peakRss: number | undefined;
}

/** Runs the CLI as a child process, watching its peak memory. */
export function runCli(args: string[], env: Record<string, string>, cwd?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, cwd });
    let stdout = '';
    let stderr = '';
    let peakRss: number | undefined;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    const watch = setInterval(async () => {
      try {
        const status = await import('node:fs/promises').then((fs) =>
          fs.readFile(`/proc/${child.pid}/status`, 'utf8'),
        );
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peakRss = Math.max(peakRss ?? 0, Number(hwm[1]) * 1024);
      } catch {
        // the process is gone, or there is no /proc here
      }
    }, 25);
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({ code, stdout, stderr, peakRss });
    });
  });
}
