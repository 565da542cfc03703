import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatLogUploader, type PresignResponse } from '../../src/index.js';
import { ChatLogSpool, SpoolSecurityError } from '../../src/node.js';
import { fakeBackend, OWN_PREFIX, S3_ORIGIN, sha256 } from './fakeS3.js';

const endpoint = 'https://presign.example/';
const fast = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };
const CREDENTIALS = '[default]\naws_secret_access_key = victim-secret\n';

/** A spool entry as an attacker would plant it: a manifest, and (optionally) a saved presigned upload. */
function plantManifest(directory: string, id: string, presigned?: PresignResponse): void {
  const now = new Date().toISOString();
  const manifest = {
    id,
    fileName: 'notes.txt',
    contentType: 'text/plain',
    bytes: CREDENTIALS.length,
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    metadata: {},
    ...(presigned === undefined ? {} : { presigned }),
  };
  writeFileSync(join(directory, `${id}.json`), JSON.stringify(manifest), { mode: 0o600 });
}

describe('ChatLogSpool refuses a spool another user can tamper with', () => {
  let root: string;
  let directory: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mv-spool-sec-'));
    directory = join(root, 'spool');
    mkdirSync(directory, { mode: 0o700 });
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a folder writable by other users, in every operation, before reading anything', async () => {
    // Prepare
    chmodSync(directory, 0o777);
    const backend = fakeBackend();
    const spool = new ChatLogSpool({
      directory,
      uploader: new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast }),
    });

    // Act
    const outcomes = await Promise.all([
      spool.list().catch((e) => e),
      spool.deadLetters().catch((e) => e),
      spool.flush().catch((e) => e),
      spool.add('x', { fileName: 'a.txt', contentType: 'text/plain' }).catch((e) => e),
    ]);

    // Assess
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(SpoolSecurityError);
      expect(outcome.message).toMatch(/writable by other users \(mode 777\): run "chmod 700/);
    }
    expect(backend.calls).toHaveLength(0);
  });

  it('refuses a folder that belongs to another user', async () => {
    // Prepare: as root, hand the folder to "nobody"; otherwise "/" already belongs to someone else.
    const foreign = process.getuid?.() === 0 ? directory : '/';
    if (foreign === directory) chownSync(directory, 65534, 65534);
    const spool = new ChatLogSpool({ directory: foreign });

    // Act
    const error = await spool.list().catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(SpoolSecurityError);
    expect(error.message).toMatch(/belongs to uid \d+, not to you/);
  });

  it('never reads a .body through a symlink: the planted entry goes to the dead letters, nothing is sent', async () => {
    // Prepare: a manifest and a .body symlink to the victim's credentials.
    const secret = join(root, 'credentials');
    writeFileSync(secret, CREDENTIALS);
    plantManifest(directory, 'planted');
    symlinkSync(secret, join(directory, 'planted.body'));
    const backend = fakeBackend();
    const spool = new ChatLogSpool({
      directory,
      uploader: new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast }),
    });

    // Act
    const result = await spool.flush({ force: true });

    // Assess
    expect(result.uploaded).toEqual([]);
    expect(result.deadLettered).toEqual([
      { id: 'planted', kind: 'failed', reason: expect.stringMatching(/SpoolSecurityError: .*symlink/) },
    ]);
    expect(backend.calls).toHaveLength(0);
    expect(backend.objects.size).toBe(0);
  });

  it('sends a saved presigned upload only to the object the endpoint vouches for', async () => {
    // Prepare: a manifest whose saved URL points at the attacker's server, for a key the handler would sign.
    const now = new Date().toISOString();
    plantManifest(directory, 'redirected', {
      presignedUrl: 'https://attacker.example/drop?X-Amz-Signature=x',
      s3Key: `${OWN_PREFIX}2026-11-23T10:00:00.000000000Z_notes.txt`,
      timestamp: now,
      expiresAt: now,
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
    });
    writeFileSync(join(directory, 'redirected.body'), 'my chat log', { mode: 0o600 });
    const backend = fakeBackend();
    const spool = new ChatLogSpool({
      directory,
      uploader: new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast }),
    });

    // Act
    const result = await spool.flush({ force: true });

    // Assess: a fresh URL on the real S3 host was used; the attacker's host got nothing.
    expect(result.uploaded).toHaveLength(1);
    expect(backend.calls.filter((c) => c.url.includes('attacker.example'))).toEqual([]);
    const [stored] = [...backend.objects.values()];
    expect(stored?.sha256).toBe(sha256('my chat log'));
    expect(backend.calls.filter((c) => c.method === 'PUT').map((c) => new URL(c.url).host)).toEqual([
      new URL(S3_ORIGIN).host,
    ]);
  });

  it('reuses a saved presigned upload the endpoint vouches for, so a restart keeps one key', async () => {
    // Prepare: the first PUT's answer is lost after S3 stored the bytes; the spool saved its URL.
    const backend = fakeBackend();
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast });
    const presigned = await uploader.getPresignedUrl({
      action: 'upload',
      fileName: 'a.txt',
      contentType: 'text/plain',
      contentLength: 11,
      checksumSha256: sha256('my chat log'),
    });
    await uploader.uploadToS3(presigned, 'my chat log');
    plantManifest(directory, 'saved', presigned);
    writeFileSync(join(directory, 'saved.body'), 'my chat log', { mode: 0o600 });
    const spool = new ChatLogSpool({ directory, uploader });

    // Act
    const result = await spool.flush({ force: true });

    // Assess: counted as done (412 on the same key), no second object.
    expect(result.uploaded).toEqual([{ id: 'saved', s3Key: presigned.s3Key, attempts: 1 }]);
    expect([...backend.objects.keys()]).toEqual([presigned.s3Key]);
  });
});
