/** SHA-256 of `bytes`, base64 (the form S3 checksums take), with Web Crypto: browsers and Node alike. @internal */
export async function sha256Base64(bytes: Uint8Array): Promise<string> {
  return toBase64(await sha256Digest(bytes));
}

type NodeHash = { update(data: Uint8Array): NodeHash; digest(): Uint8Array };
type NodeCrypto = { createHash(algorithm: 'sha256'): NodeHash };
// In Node, hash in place with node:crypto: Web Crypto copies its input, which for 16 MiB parts is memory that
// waits for the garbage collector. Reached through process.getBuiltinModule, so browser bundles never see it.
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

/** Raw SHA-256 digest. @internal */
export async function sha256Digest(bytes: Uint8Array): Promise<Uint8Array> {
  if (nodeCrypto) return new Uint8Array(nodeCrypto.createHash('sha256').update(bytes).digest());
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** Base64 of raw bytes. @internal */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * S3's composite checksum of a multipart object: SHA-256 of the concatenated part digests, then `-<parts>`.
 * @internal
 */
export async function compositeSha256(partDigests: readonly Uint8Array[]): Promise<string> {
  const joined = new Uint8Array(partDigests.length * 32);
  for (const [i, digest] of partDigests.entries()) joined.set(digest, i * 32);
  return `${toBase64(await sha256Digest(joined))}-${partDigests.length}`;
}

/** A SHA-256 fed in pieces. @internal */
export interface IncrementalSha256 {
  update(bytes: Uint8Array): void;
  /** base64 */
  digest(): string;
}

/**
 * An incremental SHA-256 where the runtime has one (Node's `node:crypto`); `undefined` in browsers, whose Web Crypto
 * hashes only whole buffers.
 * @internal
 */
export function incrementalSha256(): IncrementalSha256 | undefined {
  if (!nodeCrypto) return undefined;
  const hash = nodeCrypto.createHash('sha256');
  return {
    update: (bytes) => {
      hash.update(bytes);
    },
    digest: () => toBase64(new Uint8Array(hash.digest())),
  };
}
