export { ChatLog, ChatMessage } from './ChatLog.js';
export {
  ChatLogDownloader,
  type ChatLogDownloaderOptions,
  type DownloadResult,
} from './ChatLogDownloader.js';
export {
  ChatLogUploader,
  type ChatLogUploaderOptions,
  type UploadLogOptions,
  type UploadMetadata,
  type UploadResult,
} from './ChatLogUploader.js';
export type { ChatLogContent } from './content.js';
export {
  type DownloadRequest,
  ErrorResponse,
  PresignRequest,
  PresignResponse,
  type UploadRequest,
} from './contract.js';
export {
  ChatLogError,
  ChatLogNetworkError,
  ChatLogValidationError,
  IntegrityError,
  PresignRequestError,
  S3TransferError,
} from './errors.js';
export type { ChatLogClientOptions, TokenSource } from './PresignClient.js';
export type { RetryOptions } from './retry.js';
