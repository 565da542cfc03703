/**
 * The S3 header and metadata names both ends agree on: what the handler signs and S3 stores, and what the downloader
 * reads back to verify.
 *
 * @module
 */

/** The prefix S3 puts before each user metadata key in headers. */
export const USER_METADATA_PREFIX = 'x-amz-meta-';
/** User metadata key with the SHA-256 of a single-PUT object (base64), set by the handler. */
export const SHA256_METADATA_KEY = 'sha256';
/** User metadata key with a multipart object's part size, set by the handler. */
export const PART_SIZE_METADATA_KEY = 'mv-part-size';
/** Metadata keys the handler sets itself: a request that sends one is refused (400). */
export const RESERVED_METADATA_KEYS: readonly string[] = [SHA256_METADATA_KEY, PART_SIZE_METADATA_KEY];

/** The header of S3's stored SHA-256 (whole object, or composite `<base64>-<parts>` for multipart). */
export const CHECKSUM_SHA256_HEADER = 'x-amz-checksum-sha256';
/** `COMPOSITE` or `FULL_OBJECT`: which kind of checksum {@link CHECKSUM_SHA256_HEADER} is. */
export const CHECKSUM_TYPE_HEADER = 'x-amz-checksum-type';
/** Headers S3 reads back on a GET so the downloader can verify what it received. @internal */
export const CHECKSUM_MODE_HEADER = 'x-amz-checksum-mode';
/** User metadata that carries the SHA-256 for S3-compatible stores that do not keep checksums. @internal */
export const SHA256_METADATA_HEADER = `${USER_METADATA_PREFIX}${SHA256_METADATA_KEY}`;
/** User metadata with a multipart object's part size, so its composite checksum can be recomputed. @internal */
export const PART_SIZE_METADATA_HEADER = `${USER_METADATA_PREFIX}${PART_SIZE_METADATA_KEY}`;
