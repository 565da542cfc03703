/**
 * Runs `close` once on SIGINT or SIGTERM (and on `also`, e.g. the end of stdio), then exits: a server's sockets
 * and its event source (a DuckDB engine's memory and spill folder) are released before the process goes. The
 * exit code is 0, or 1 when closing failed (the reason on stderr).
 *
 * @example
 * closeOnShutdown('mv-cloudtrail-ui', async () => { await ui.close(); await provider.close?.(); });
 */
export function closeOnShutdown(
  name: string,
  close: () => Promise<void>,
  also: (stop: () => void) => void = () => {},
): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  also(stop);
}
