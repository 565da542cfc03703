import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApiGatewayHandler, createNodeListener } from '../../src/api/index.js';
import { CatDataRepository, generateShelterCsv, importCsv, sampleShelterMapping } from '../../src/index.js';

const dashboard = fileURLToPath(new URL('../../dashboard/', import.meta.url));

/** The dashboard and its public API over `repository` on a loopback port, as a browser test opens it. */
export interface DashboardServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the dashboard's static files and the API (no sign-in: the public statistics) on 127.0.0.1, a free port.
 *
 * @example
 * const site = await serveDashboard(repository);
 * await page.goto(`${site.origin}/`);
 * await site.close();
 */
export async function serveDashboard(repository: CatDataRepository): Promise<DashboardServer> {
  const handler = createApiGatewayHandler({ repository, authenticator: { authenticate: async () => null } });
  const server = createServer(createNodeListener({ handler, staticDir: dashboard }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A PGlite store holding generated shelter records (SYNTHETIC: `generateShelterCsv`), imported as a user would.
 *
 * @example
 * const repository = await shelterRepository({ rows: 600, seed: 5, start: '2023-04-01', days: 730 });
 */
export async function shelterRepository(
  sample: Parameters<typeof generateShelterCsv>[0],
): Promise<CatDataRepository> {
  const repository = await CatDataRepository.openPglite();
  await importCsv(repository, {
    bytes: new TextEncoder().encode(generateShelterCsv(sample)),
    mapping: sampleShelterMapping,
  });
  return repository;
}
