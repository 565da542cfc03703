/**
 * Something whose bytes can be read a range at a time, so large uploads never hold the whole file: a Blob/File
 * in the browser, a file on disk in Node (`fileSource` from `@mv/chat-log-client/node`), or bytes in memory.
 */
export interface UploadSource {
  readonly size: number;
  /** Bytes `[start, end)`. */
  read(start: number, end: number): Promise<Uint8Array>;
  /** Releases what the source holds open (a file handle). */
  close?(): Promise<void>;
  /**
   * The uploader is done with bytes `read` returned (the part is stored, or given up): the source may reuse that
   * memory for a later read. Recycling keeps a large upload's memory flat instead of waiting for the garbage
   * collector.
   */
  release?(bytes: Uint8Array): void;
}

/**
 * An {@link UploadSource} over bytes already in memory.
 *
 * @example
 * await uploader.uploadSource(bytesSource(new TextEncoder().encode(ndjson)), { fileName: 'a.ndjson', contentType: 'application/x-ndjson' });
 */
export function bytesSource(bytes: Uint8Array): UploadSource {
  return { size: bytes.length, read: async (start, end) => bytes.subarray(start, end) };
}

/**
 * An {@link UploadSource} over a Blob or File: each part is a `slice()`, read only when it is sent.
 *
 * @example
 * input.onchange = () => uploader.uploadSource(blobSource(input.files[0]), { fileName: input.files[0].name, contentType: 'application/json' });
 */
export function blobSource(blob: Blob): UploadSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}
