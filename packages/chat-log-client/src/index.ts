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
export type { ContentOptions } from './contentPipeline.js';
export {
  type DownloadRequest,
  ErrorResponse,
  MULTIPART_LIMITS,
  PresignPartsResponse,
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
export { type FailureKind, failureKind } from './failureKind.js';
export {
  abortUpload,
  choosePartSize,
  type MultipartOptions,
  type MultipartResult,
  type MultipartState,
  MultipartUploadError,
  type UploadProgress,
} from './MultipartUpload.js';
export type { ChatLogClientOptions, TokenSource } from './PresignClient.js';
export { DEFAULT_REDACTION_RULES } from './redaction/defaultRedactionRules.js';
export type { RedactionRule } from './redaction/RedactionRule.js';
export { type RedactionReport, type RedactOptions, redactSecrets } from './redaction/redactSecrets.js';
export type { RetryOptions } from './retry.js';
export { blobSource, bytesSource, type UploadSource } from './UploadSource.js';
