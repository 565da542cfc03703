/**
 * Node-only parts of the chat-log client: file sources for large uploads and the offline spool.
 * `import { fileSource, ChatLogSpool } from '@mv/chat-log-client/node'`.
 *
 * @module
 */
export {
  ChatLogSpool,
  type ChatLogSpoolOptions,
  type DeadLetter,
  type FlushResult,
  type SpooledLog,
  type SpoolMetadata,
} from './node/ChatLogSpool.js';
export { fileSource } from './node/fileSource.js';
export { nodeHttpFetch } from './node/httpFetch.js';
export { type PreparedFile, prepareFile } from './node/prepareFile.js';
export { SpoolSecurityError } from './node/spoolFiles.js';
