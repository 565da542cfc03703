import { type PostgresCluster, postgresAvailable, startPostgres } from '@mv/testing';
import { afterAll, describe } from 'vitest';
import { CatDataRepository } from '../../src/index.js';
import { describeRepositoryContract } from '../support/repositoryContract.js';

const hasPostgres = postgresAvailable();

describe.skipIf(!hasPostgres)('PostgreSQL 15 (throw-away cluster)', () => {
  let cluster: PostgresCluster | undefined;
  afterAll(async () => {
    await cluster?.stop();
  });
  describeRepositoryContract('PostgreSQL', async () => {
    cluster = await startPostgres();
    return CatDataRepository.openPostgres({ connectionString: cluster.connectionString });
  });
});
