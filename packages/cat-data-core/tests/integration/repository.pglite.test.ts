import { CatDataRepository } from '../../src/index.js';
import { describeRepositoryContract } from '../support/repositoryContract.js';

describeRepositoryContract('PGlite (embedded)', () => CatDataRepository.openPglite());
