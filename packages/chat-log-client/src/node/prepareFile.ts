import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { PIPELINE_METADATA } from '../contentPipeline.js';
import type { RedactionReport, RedactOptions } from '../redaction/redactSecrets.js';
import { redactSecrets } from '../redaction/redactSecrets.js';

/** The carry kept across chunks so a PEM block split by a chunk boundary is still seen whole. */
const MAX_CARRY = 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;

/**
 * Redacts a stream of UTF-8 text in chunks cut at line ends; an unterminated private-key block is carried into
 * the next chunk (up to 1 MiB), so multi-line secrets are seen whole. Counts go into `report`.
 * @internal
 */
export function redactingStream(report: RedactionReport, options?: RedactOptions): Transform {
  let pending = '';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const emit = (text: string, push: (chunk: string) => void) => {
    const { text: out, report: part } = redactSecrets(text, options);
    report.total += part.total;
    for (const [kind, count] of Object.entries(part.byKind))
      report.byKind[kind] = (report.byKind[kind] ?? 0) + count;
    push(out);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        pending += decoder.decode(chunk, { stream: true });
      } catch (error) {
        return callback(error as Error);
      }
      if (pending.length < CHUNK) return callback();
      let cut = pending.lastIndexOf('\n') + 1;
      const begin = pending.lastIndexOf('-----BEGIN');
      if (begin >= 0 && pending.indexOf('-----END', begin) < 0 && pending.length - begin <= MAX_CARRY) {
        cut = Math.min(cut, pending.lastIndexOf('\n', begin) + 1);
      }
      if (cut <= 0) return callback();
      emit(pending.slice(0, cut), (out) => this.push(out));
      pending = pending.slice(cut);
      callback();
    },
    flush(callback: TransformCallback) {
      try {
        pending += decoder.decode();
        if (pending) emit(pending, (out) => this.push(out));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/** A file prepared for upload: where it is, what to sign with it, and how to clean up. */
export interface PreparedFile {
  path: string;
  contentEncoding: 'gzip' | undefined;
  metadata: Record<string, string>;
  redaction: RedactionReport | undefined;
  dispose(): Promise<void>;
}

/**
 * Redacts and/or gzips a file of any size into a temp file, streaming (memory stays flat), and records the
 * SHA-256 of the redacted original for the downloader. With neither option, returns the file itself.
 *
 * @example
 * const prepared = await prepareFile('session.ndjson', { redact: true, compress: true });
 * try { await uploader.uploadSource(await fileSource(prepared.path), { ..., contentEncoding: prepared.contentEncoding, metadata: prepared.metadata }); }
 * finally { await prepared.dispose(); }
 */
export async function prepareFile(
  path: string,
  options: { redact?: boolean | RedactOptions; compress?: boolean },
): Promise<PreparedFile> {
  if (!options.redact && !options.compress) {
    return { path, contentEncoding: undefined, metadata: {}, redaction: undefined, dispose: async () => {} };
  }
  const directory = await mkdtemp(join(tmpdir(), 'mv-chat-log-'));
  const output = join(directory, 'upload');
  const report: RedactionReport = { total: 0, byKind: {} };
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const stages: NodeJS.ReadWriteStream[] = [];
  if (options.redact)
    stages.push(redactingStream(report, options.redact === true ? undefined : options.redact));
  stages.push(hashing);
  if (options.compress) stages.push(createGzip({ level: 6 }));
  try {
    await pipeline([createReadStream(path), ...stages, createWriteStream(output, { mode: 0o600 })]);
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    path: output,
    contentEncoding: options.compress ? 'gzip' : undefined,
    // Stored bytes differ from the original only when compressed: then the downloader checks the original's hash.
    metadata: options.compress ? { [PIPELINE_METADATA.originalSha256]: hash.digest('base64') } : {},
    redaction: options.redact ? report : undefined,
    dispose: () => rm(directory, { recursive: true, force: true }),
  };
}
