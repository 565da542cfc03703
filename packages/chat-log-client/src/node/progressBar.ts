import type { UploadProgress } from '../MultipartUpload.js';
import type { CliIo } from './cliIo.js';

/**
 * A progress bar on stderr (only when it is a terminal), at most ten redraws a second.
 * @internal
 */
export function progressBar(io: CliIo, label: string): (progress: UploadProgress) => void {
  if (!io.tty) return () => {};
  const started = performance.now();
  let last = 0;
  return ({ loaded, total }) => {
    const now = performance.now();
    if (now - last < 100 && loaded < total) return;
    last = now;
    const share = total === 0 ? 1 : loaded / total;
    const filled = Math.round(share * 30);
    const rate = loaded / 1e6 / Math.max(0.001, (now - started) / 1000);
    io.err(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
        `${(loaded / 2 ** 20).toFixed(1)}/${(total / 2 ** 20).toFixed(1)} MiB ${rate.toFixed(1)} MB/s${loaded >= total ? '\n' : ''}`,
    );
  };
}
