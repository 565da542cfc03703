import { readFileSync } from 'node:fs';

/** Bytes of a committed fixture (copied into a plain ArrayBuffer, as fetch bodies require). */
export const fixtureBytes = (name: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
/** A committed mapping file, parsed. */
export const fixtureMapping = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
