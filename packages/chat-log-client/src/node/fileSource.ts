import { open } from 'node:fs/promises';
import type { UploadSource } from '../UploadSource.js';

/**
 * An {@link UploadSource} over a file: each part is read from disk when it is sent, so a 5 GB log never sits in
 * memory. Close it when done (the uploader does not own it).
 *
 * @example
 * import { fileSource } from '@mv/chat-log-client/node';
 * const source = await fileSource('session.ndjson');
 * try { await uploader.uploadSource(source, { fileName: 'session.ndjson', contentType: 'application/x-ndjson' }); }
 * finally { await source.close(); }
 */
export async function fileSource(path: string): Promise<UploadSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  // Part buffers handed back by the uploader, reused for later parts of the same size.
  const free: Buffer[] = [];
  return {
    size,
    async read(start, end) {
      const index = free.findIndex((b) => b.length === end - start);
      const buffer = index >= 0 ? free.splice(index, 1)[0]! : Buffer.allocUnsafeSlow(end - start);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
        if (bytesRead === 0) throw new Error(`${path} is shorter than when it was opened`);
        filled += bytesRead;
      }
      return buffer;
    },
    release(bytes) {
      if (Buffer.isBuffer(bytes) && free.length < 8) free.push(bytes);
    },
    close: () => handle.close(),
  };
}
