export { chromiumAvailable, chromiumPath, launchChromium } from './chromium.ts';
export {
  type Fault,
  type FaultProxy,
  type FaultProxyOptions,
  seededRandom,
  startFaultProxy,
} from './faultProxy.ts';
export { type MotoServer, motoAvailable, motoCredentials, startMoto, stopChild } from './moto.ts';
export { findExecutable, inCi, requirePart } from './parts.ts';
export { freePort, waitFor } from './ports.ts';
export { type PostgresCluster, postgresAvailable, startPostgres } from './postgres.ts';
export { thrownBy } from './thrownBy.ts';
