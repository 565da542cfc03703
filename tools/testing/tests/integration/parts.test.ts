import { describe, expect, it } from 'vitest';
import { motoAvailable, postgresAvailable, startMoto, startPostgres } from '../../src/index.js';

describe.skipIf(!motoAvailable())('startMoto', () => {
  it('starts a moto_server that answers and stops it', async () => {
    const moto = await startMoto();
    const response = await fetch(`${moto.endpoint}/moto-api/data.json`);
    expect(response.status).toBe(200);
    await moto.stop();
    await expect(fetch(`${moto.endpoint}/moto-api/data.json`)).rejects.toThrow();
  });
});

describe.skipIf(!postgresAvailable())('startPostgres', () => {
  it('starts a throw-away cluster on loopback and removes it', async () => {
    const cluster = await startPostgres();
    expect(cluster.connectionString).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    await cluster.stop();
  });
});
