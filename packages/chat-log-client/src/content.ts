/** What the uploader accepts: text (sent as UTF-8), bytes, or a Blob/File. */
export type ChatLogContent = string | Uint8Array | ArrayBuffer | Blob;

/** @internal */
export async function toBytes(content: ChatLogContent): Promise<Uint8Array> {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  if (content instanceof Uint8Array) return content;
  if (content instanceof ArrayBuffer) return new Uint8Array(content);
  if (typeof Blob !== 'undefined' && content instanceof Blob)
    return new Uint8Array(await content.arrayBuffer());
  throw new TypeError('content must be a string, Uint8Array, ArrayBuffer or Blob');
}
