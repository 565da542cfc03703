#!/usr/bin/env node
/**
 * `mv-chat-log`: upload, download and spool chat logs from a shell. See `mv-chat-log --help`.
 *
 * @module
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliIo, EXIT, runCommand } from './node/cliCommands.js';

const HELP = `mv-chat-log — upload and download AI chat logs through the presign function

Usage:
  mv-chat-log upload <file...> [options]   upload files (multipart above 100 MiB, with a progress bar; after a
                                           crash or kill, the same command resumes from the parts S3 has)
  mv-chat-log download <s3Key> [-o file]   download and verify (stdout without -o)
  mv-chat-log spool flush                  upload what was spooled while offline
  mv-chat-log spool list                   show what is waiting and the dead letters (no endpoint needed)
  mv-chat-log --test                       round trip a sample log against the endpoint

Options:
  --endpoint <url>        presign Function URL (default: $LAMBDA_FUNCTION_URL)
  --no-redact             upload as is (default: redact keys, tokens, private keys, passwords, e-mail)
  --gzip                  compress (stored with Content-Encoding: gzip)
  --encrypt-key <kms>     envelope-encrypt with a KMS data key (files up to 100 MiB; needs AWS credentials)
  --decrypt-key <kms>     the KMS key to decrypt downloads with
  --no-spool              fail instead of spooling on a transient failure (network, 5xx, 429, expired URL)
  --spool-dir <dir>       default: $MV_CHAT_LOG_SPOOL_DIR or ~/.mv-chat-log/spool
  --content-type <type>   default: from the extension (.json, .ndjson/.jsonl, .md, else text/plain)
  --part-size <MiB>       multipart part size (default 5)
  --concurrency <n>       parts in flight (default 4)
  -o, --output <file>     download target
  --json                  machine-readable output on stdout
  -h, --help

Environment: LAMBDA_FUNCTION_URL, CHAT_LOG_TOKEN (bearer token for the endpoint), AWS_* for --encrypt-key.
Exit codes: 0 done, 1 some uploads failed, 2 usage, 3 refused (401/403), 4 integrity,
            5 transient failure (the logs were spooled: run "mv-chat-log spool flush" later),
            6 invalid input (400/413/415, client validation), 7 S3 refused the object (e.g. NoSuchBucket).
Only transient failures are spooled. A spooled log that fails for good on flush moves to <spool-dir>/dead-letter
with its reason (see "spool list").
`;

const io: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  tty: Boolean(process.stderr.isTTY),
};

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        endpoint: { type: 'string' },
        redact: { type: 'boolean', default: true },
        'no-redact': { type: 'boolean' },
        gzip: { type: 'boolean' },
        'encrypt-key': { type: 'string' },
        'decrypt-key': { type: 'string' },
        spool: { type: 'boolean', default: true },
        'no-spool': { type: 'boolean' },
        'spool-dir': { type: 'string' },
        'content-type': { type: 'string' },
        'part-size': { type: 'string' },
        concurrency: { type: 'string' },
        output: { type: 'string', short: 'o' },
        json: { type: 'boolean' },
        test: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help || (positionals.length === 0 && !values.test)) {
    io.out(HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const number = (name: string, value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1`);
    return n;
  };
  return runCommand(
    values.test ? ['test'] : positionals,
    {
      endpoint: (values.endpoint as string | undefined) ?? process.env.LAMBDA_FUNCTION_URL,
      token: process.env.CHAT_LOG_TOKEN,
      redact: values.redact === true && values['no-redact'] !== true,
      gzip: values.gzip === true,
      encryptKey: values['encrypt-key'] as string | undefined,
      decryptKey: values['decrypt-key'] as string | undefined,
      spool: values.spool === true && values['no-spool'] !== true,
      spoolDir:
        (values['spool-dir'] as string | undefined) ??
        process.env.MV_CHAT_LOG_SPOOL_DIR ??
        join(homedir(), '.mv-chat-log', 'spool'),
      contentType: values['content-type'] as string | undefined,
      partSizeMiB: number('part-size', values['part-size']),
      concurrency: number('concurrency', values.concurrency),
      output: values.output as string | undefined,
      json: values.json === true,
    },
    io,
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(`mv-chat-log: ${(error as Error).message}\n`);
    process.exitCode = EXIT.usage;
  },
);
