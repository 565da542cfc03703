import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { text } from '@mv/http-edge';
import { NotFoundError, ValidationError } from '../errors.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/**
 * A file of `root` for a URL path (the local stand-in for CloudFront in front of the dashboard): `/` is
 * `index.html`, nothing outside `root` is served, malformed percent-encoding is a 400.
 * @internal
 */
export async function staticFile(root: string, pathname: string): Promise<Response> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    throw new ValidationError('The path has malformed percent-encoding.');
  }
  const base = normalize(root);
  const file = normalize(join(base, decoded));
  if (!file.startsWith(base.endsWith(sep) ? base : base + sep)) return text(403, '');
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new NotFoundError(`No file ${pathname.slice(0, 200)}.`);
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' },
  });
}
