export { chromiumAvailable, chromiumPath, launchChromium } from './chromium.js';
export {
  type Fault,
  type FaultProxy,
  type FaultProxyOptions,
  seededRandom,
  startFaultProxy,
} from './faultProxy.js';
export { type MotoServer, motoAvailable, motoCredentials, startMoto, stopChild } from './moto.js';
export { commandWorks, findExecutable, inCi, requirePart } from './parts.js';
export { freePort, waitFor } from './ports.js';
export { type PostgresCluster, postgresAvailable, startPostgres } from './postgres.js';
