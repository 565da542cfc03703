import type { EventProvider } from '../sources/EventProvider.js';

/**
 * On SIGINT or SIGTERM (and on `also`, e.g. the end of stdio), once: closes the server (`closeServer`), then its
 * event source (a DuckDB engine's memory and spill folder), and exits, with 0, or 1 when closing failed (the
 * reason on stderr).
 *
 * @example
 * closeOnShutdown('mv-cloudtrail-ui', () => ui.close(), options.provider);
 */
export function closeOnShutdown(
  name: string,
  closeServer: () => Promise<void>,
  provider: EventProvider,
  also: (stop: () => void) => void = () => {},
): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    closeServer()
      .then(() => provider.close?.())
      .then(
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
