import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACTION_RULES } from '../../src/redaction/defaultRedactionRules.js';
import { redactSecrets } from '../../src/redaction/redactSecrets.js';

/**
 * One fake but format-valid credential: `context` is a line as it appears in a log or a chat, with `%s` where the
 * secret goes; `secret` is the text that must disappear, written as it appears in that line (JSON escapes
 * included when the context is JSON).
 */
interface Sample {
  kind: string;
  note?: string;
  context: string;
  secret: string;
}

const samples: Sample[] = JSON.parse(
  readFileSync(new URL('../fixtures/redaction/formats/samples.json', import.meta.url), 'utf8'),
);

/** How a line reaches the redactor: as it is, inside a chat message, inside a tool call's `arguments`. */
const encodings: Record<string, { wrap: (text: string) => string; unwrap: (text: string) => string }> = {
  'plain text': { wrap: (text) => text, unwrap: (text) => text },
  JSON: {
    wrap: (text) => JSON.stringify({ role: 'user', content: text }),
    unwrap: (text) => JSON.parse(text).content,
  },
  'JSON in JSON': {
    wrap: (text) =>
      JSON.stringify({ role: 'tool', content: JSON.stringify({ name: 'shell', arguments: text }) }),
    unwrap: (text) => JSON.parse(JSON.parse(text).content).arguments,
  },
};

const cases = samples.flatMap((sample) =>
  Object.keys(encodings).map(
    (encoding) =>
      [`${sample.kind}${sample.note ? ` (${sample.note})` : ''} in ${encoding}`, sample, encoding] as const,
  ),
);

describe('redactSecrets on real-format credentials', () => {
  it.each(cases)('redacts exactly the secret: %s', (_name, sample, encoding) => {
    // Prepare
    const { wrap, unwrap } = encodings[encoding]!;
    const input = wrap(sample.context.replace('%s', () => sample.secret));

    // Act
    const { text, report } = redactSecrets(input);

    // Assess
    expect(unwrap(text)).toBe(sample.context.replace('%s', `[REDACTED:${sample.kind}]`));
    expect(report).toEqual({ total: 1, byKind: { [sample.kind]: 1 } });
    expect(redactSecrets(text).report.total).toBe(0);
  });

  it('has a sample of every default kind', () => {
    // Prepare
    const defaultKinds = new Set(DEFAULT_REDACTION_RULES.map((rule) => rule.kind));

    // Act
    const sampled = new Set(samples.map((sample) => sample.kind));

    // Assess
    expect([...sampled].sort()).toEqual([...defaultKinds].sort());
  });
});

describe('redactSecrets on the corpus, escaped once and twice', () => {
  const fixtures = new URL('../fixtures/redaction/', import.meta.url);
  const read = (path: string): string => readFileSync(new URL(path, fixtures), 'utf8');
  const planted: Record<string, { byKind: Record<string, number>; secrets: string[] }> = JSON.parse(
    read('planted/expected.json'),
  );
  const cleanFiles = readdirSync(new URL('clean/', fixtures)).sort();
  const nested = Object.keys(encodings).filter((encoding) => encoding !== 'plain text');

  it.each(Object.keys(planted).flatMap((file) => nested.map((encoding) => [file, encoding] as const)))(
    'finds the same secrets in planted/%s as %s',
    (file, encoding) => {
      // Prepare
      const { wrap, unwrap } = encodings[encoding]!;

      // Act
      const { text, report } = redactSecrets(wrap(read(`planted/${file}`)));

      // Assess
      expect(report.byKind).toEqual(planted[file]!.byKind);
      const decoded = unwrap(text);
      for (const secret of planted[file]!.secrets) expect(decoded).not.toContain(secret);
    },
  );

  it.each(cleanFiles.flatMap((file) => nested.map((encoding) => [file, encoding] as const)))(
    'finds nothing in clean/%s as %s',
    (file, encoding) => {
      // Prepare
      const input = encodings[encoding]!.wrap(read(`clean/${file}`));

      // Act
      const result = redactSecrets(input);

      // Assess
      expect(result.report).toEqual({ total: 0, byKind: {} });
      expect(result.text).toBe(input);
    },
  );
});
