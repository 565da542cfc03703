import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ChatLogDownloader } from '../ChatLogDownloader.js';
import { ChatLogUploader, type UploadResult } from '../ChatLogUploader.js';
import { SINGLE_PUT_LIMIT } from '../contract.js';
import { ChatLogError, ChatLogValidationError, IntegrityError } from '../errors.js';
import { type FailureKind, failureKind } from '../failureKind.js';
import { MultipartUploadError } from '../MultipartUpload.js';
import { ChatLogSpool } from './ChatLogSpool.js';
import type { CliIo } from './cliIo.js';
import { nodeHttpFetch } from './httpFetch.js';
import { kmsProvider } from './kmsProviderFor.js';
import { progressBar } from './progressBar.js';
import { uploadLargeFile } from './uploadLargeFile.js';

/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  refused: 3,
  integrity: 4,
  unreachable: 5,
  invalid: 6,
  rejected: 7,
} as const;

/** What the command line said. */
export interface CliOptions {
  endpoint: string | undefined;
  token: string | undefined;
  redact: boolean;
  gzip: boolean;
  encryptKey: string | undefined;
  decryptKey: string | undefined;
  spool: boolean;
  spoolDir: string;
  contentType: string | undefined;
  partSizeMiB: number | undefined;
  concurrency: number | undefined;
  output: string | undefined;
  json: boolean;
}

export type { CliIo } from './cliIo.js';

/** The exit code of each kind of failure. */
const EXIT_OF_KIND: Record<FailureKind, number> = {
  transient: EXIT.unreachable,
  refused: EXIT.refused,
  invalid: EXIT.invalid,
  rejected: EXIT.rejected,
  integrity: EXIT.integrity,
  failed: EXIT.failed,
};

/** The exit code for an error, by what a script could do about it. @internal */
export function exitCodeFor(error: unknown): number {
  return EXIT_OF_KIND[failureKind(error)];
}

function contentTypeOf(file: string): string {
  if (/\.json$/i.test(file)) return 'application/json';
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'application/x-ndjson';
  if (/\.(md|markdown)$/i.test(file)) return 'text/markdown';
  return 'text/plain';
}

function report(io: CliIo, options: CliOptions, value: Record<string, unknown>, human: string): void {
  if (!options.json) io.out(`${human}\n`);
  else io.out(`${JSON.stringify(value)}\n`);
}

async function uploadOne(file: string, options: CliOptions, io: CliIo, uploader: ChatLogUploader) {
  const size = (await stat(file)).size;
  const fileName = basename(file);
  const contentType = options.contentType ?? contentTypeOf(file);
  const onProgress = progressBar(io, fileName);
  const common = { fileName, contentType, onProgress };
  if (size <= SINGLE_PUT_LIMIT) {
    const bytes = new Uint8Array(await readFile(file));
    const transform = { redact: options.redact, compress: options.gzip };
    if (options.encryptKey) {
      const encrypt = await kmsProvider(options.encryptKey);
      return { uploaded: await uploader.robustUpload(bytes, { ...common, ...transform, encrypt }) };
    }
    if (options.spool) {
      const spool = new ChatLogSpool({ directory: options.spoolDir, uploader });
      return spool.uploadOrSpool(bytes, { fileName, contentType, ...transform });
    }
    return { uploaded: await uploader.robustUpload(bytes, { ...common, ...transform }) };
  }
  if (options.encryptKey) {
    throw new ChatLogValidationError(
      'encrypt-key',
      `envelope encryption works on files up to ${SINGLE_PUT_LIMIT / 2 ** 20} MiB`,
    );
  }
  return { uploaded: await uploadLargeFile(file, uploader, common, options) };
}

async function upload(
  files: string[],
  options: CliOptions,
  io: CliIo,
  uploader: ChatLogUploader,
): Promise<number> {
  if (files.length === 0) {
    io.err('upload needs at least one file\n');
    return EXIT.usage;
  }
  let code: number = EXIT.ok;
  for (const file of files) {
    try {
      const outcome = await uploadOne(file, options, io, uploader);
      if ('spooled' in outcome) {
        report(
          io,
          options,
          { file, status: 'spooled', id: outcome.spooled, reason: outcome.reason },
          `${file}: not uploaded for now (${outcome.reason}), spooled (${outcome.spooled}); run "mv-chat-log spool flush" later`,
        );
        if (code === EXIT.ok) code = EXIT.unreachable;
        continue;
      }
      const r: UploadResult & { resumed?: boolean } = outcome.uploaded;
      const resumed = r.resumed ? ', resumed' : '';
      const redacted =
        r.redaction && r.redaction.total > 0 ? `, redacted ${JSON.stringify(r.redaction.byKind)}` : '';
      report(
        io,
        options,
        {
          file,
          status: 'uploaded',
          s3Key: r.s3Key,
          bytes: r.bytes,
          sha256: r.objectSha256,
          ...(r.parts ? { compositeSha256: r.sha256 } : {}),
          attempts: r.attempts,
          parts: r.parts,
          ...(r.resumed ? { resumed: true } : {}),
          redaction: r.redaction,
        },
        `${file} -> ${r.s3Key} (${r.bytes} bytes, sha256 ${r.objectSha256}${r.parts ? `, ${r.parts} parts, S3 composite checksum ${r.sha256}` : ''}${resumed}${redacted})`,
      );
    } catch (error) {
      const failure = exitCodeFor(error);
      const resumable = error instanceof MultipartUploadError && failure === EXIT.unreachable;
      const message =
        (error instanceof Error ? `${error.name}: ${error.message}` : String(error)) +
        (resumable ? '; run the same command again to resume' : '');
      report(
        io,
        options,
        { file, status: 'failed', error: message, exitCode: failure },
        `${file}: ${message}`,
      );
      if (code === EXIT.ok || code === EXIT.unreachable) code = files.length === 1 ? failure : EXIT.failed;
    }
  }
  return code;
}

async function download(
  args: string[],
  options: CliOptions,
  io: CliIo,
  downloader: ChatLogDownloader,
): Promise<number> {
  const [s3Key] = args;
  if (!s3Key || args.length > 1) {
    io.err('download takes one s3Key\n');
    return EXIT.usage;
  }
  const result = await downloader.download(s3Key);
  if (options.output) await writeFile(options.output, result.bytes, { mode: 0o600 });
  else if (!options.json) process.stdout.write(result.bytes);
  const summary = {
    s3Key,
    bytes: result.bytes.length,
    sha256: result.sha256,
    verified: result.verified,
    output: options.output,
  };
  if (options.json) io.out(`${JSON.stringify(summary)}\n`);
  else if (options.output) io.err(`${s3Key} -> ${options.output} (${result.bytes.length} bytes, verified)\n`);
  return EXIT.ok;
}

async function spoolList(options: CliOptions, io: CliIo): Promise<number> {
  const spool = new ChatLogSpool({ directory: options.spoolDir });
  const entries = await spool.list();
  const dead = await spool.deadLetters();
  if (options.json) {
    const waiting = entries.map(({ presigned: _, ...entry }) => ({ ...entry, status: 'pending' }));
    io.out(
      `${JSON.stringify([...waiting, ...dead.map((entry) => ({ ...entry, status: 'dead-letter' }))])}\n`,
    );
    return EXIT.ok;
  }
  for (const e of entries)
    io.out(
      `${e.id}  ${e.fileName}  ${e.bytes} bytes  attempts ${e.attempts}  next ${e.nextAttemptAt}${e.lastError ? `  (${e.lastError})` : ''}\n`,
    );
  for (const e of dead)
    io.out(
      `${e.id}  ${e.fileName}  ${e.bytes} bytes  dead letter since ${e.deadLetter.at}: ${e.deadLetter.reason}\n`,
    );
  if (dead.length > 0)
    io.err(`${dead.length} dead letter(s) kept in ${join(options.spoolDir, 'dead-letter')}\n`);
  return EXIT.ok;
}

async function spoolFlush(options: CliOptions, io: CliIo, uploader: ChatLogUploader): Promise<number> {
  const spool = new ChatLogSpool({ directory: options.spoolDir, uploader });
  const result = await spool.flush({ force: true });
  report(
    io,
    options,
    { ...result },
    `uploaded ${result.uploaded.length}, failed ${result.failed.length}, dead-lettered ${result.deadLettered.length}, still spooled ${result.pending}`,
  );
  if (!options.json) {
    for (const failure of result.failed) io.err(`${failure.id}: ${failure.error}\n`);
    for (const dead of result.deadLettered) io.err(`${dead.id}: moved to the dead letters: ${dead.reason}\n`);
  }
  // The first permanent failure decides the code; transient failures alone mean "try again later".
  const permanent = [...result.failed, ...result.deadLettered].find((f) => f.kind !== 'transient');
  if (permanent) return EXIT_OF_KIND[permanent.kind];
  return result.failed.length === 0 ? EXIT.ok : EXIT.unreachable;
}

async function roundTrip(
  options: CliOptions,
  io: CliIo,
  uploader: ChatLogUploader,
  downloader: ChatLogDownloader,
): Promise<number> {
  const now = new Date().toISOString();
  const log = {
    sessionId: `mv-chat-log-test-${Date.now()}`,
    messages: [
      { role: 'user' as const, content: 'mv-chat-log --test', timestamp: now },
      { role: 'assistant' as const, content: 'round trip', timestamp: now },
    ],
  };
  const uploaded = await uploader.upload(log, { redact: options.redact, compress: options.gzip });
  const back = await downloader.downloadLog(uploaded.s3Key);
  if (JSON.stringify(back) !== JSON.stringify(log))
    throw new IntegrityError('the downloaded test log differs from the uploaded one');
  report(
    io,
    options,
    { test: 'ok', s3Key: uploaded.s3Key, bytes: uploaded.bytes },
    `round trip OK: ${uploaded.s3Key} (${uploaded.bytes} bytes, uploaded and verified)`,
  );
  return EXIT.ok;
}

/**
 * Runs one CLI command and returns its exit code; everything it prints goes through `io`.
 * @internal
 */
export async function runCommand(args: string[], options: CliOptions, io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'spool' && rest[0] === 'list' && rest.length === 1) {
    // Reads the local folder only: works offline and without an endpoint.
    return withErrors(options, io, () => spoolList(options, io));
  }
  if (command === 'spool' && (rest[0] !== 'flush' || rest.length > 1)) {
    io.err('spool takes "flush" or "list"\n');
    return EXIT.usage;
  }
  if (!options.endpoint) {
    io.err('No endpoint: pass --endpoint or set LAMBDA_FUNCTION_URL\n');
    return EXIT.usage;
  }
  const client = {
    endpoint: options.endpoint,
    fetch: nodeHttpFetch,
    ...(options.token ? { token: options.token } : {}),
  };
  return withErrors(options, io, async () => {
    const uploader = new ChatLogUploader(client);
    switch (command) {
      case 'upload':
        return await upload(rest, options, io, uploader);
      case 'download': {
        const decrypt = options.decryptKey ? await kmsProvider(options.decryptKey) : undefined;
        return await download(
          rest,
          options,
          io,
          new ChatLogDownloader({ ...client, ...(decrypt ? { decrypt } : {}) }),
        );
      }
      case 'spool':
        return await spoolFlush(options, io, uploader);
      case 'test':
        return await roundTrip(options, io, uploader, new ChatLogDownloader(client));
      default:
        io.err(`unknown command "${command}"; see mv-chat-log --help\n`);
        return EXIT.usage;
    }
  });
}

/** Runs a command, printing an error it throws (its name and message, never a stack) and mapping it to a code. */
async function withErrors(options: CliOptions, io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    const message =
      error instanceof ChatLogError ? `${error.name}: ${error.message}` : (error as Error).message;
    if (options.json) io.out(`${JSON.stringify({ error: message, exitCode: exitCodeFor(error) })}\n`);
    else io.err(`mv-chat-log: ${message}\n`);
    return exitCodeFor(error);
  }
}
