import { DEFAULT_REDACTION_RULES } from './defaultRedactionRules.js';
import type { RedactionRule } from './RedactionRule.js';

/** What was redacted: how many and of which kinds. Never the values, so it is safe to log and to upload. */
export interface RedactionReport {
  total: number;
  /** Count per rule kind, e.g. `{ 'aws-access-key-id': 1, email: 3 }`; kinds with no finding are absent. */
  byKind: Record<string, number>;
}

/** How `redactSecrets` redacts. */
export interface RedactOptions {
  /** More rules. They come before the defaults, so where both match at the same place, yours wins. */
  rules?: RedactionRule[];
  /** Apply only `rules`, not `DEFAULT_REDACTION_RULES`. */
  replaceDefaults?: boolean;
  /**
   * Text put in place of a secret (default `[REDACTED:<kind>]`). Keep it free of quotes and backslashes so that
   * redacted JSON stays JSON.
   */
  placeholder?: (kind: string) => string;
}

interface Finding {
  start: number;
  end: number;
  /** Index of the rule: the lower wins when two findings start at the same place. */
  priority: number;
  kind: string;
  replacement: string;
}

const defaultPlaceholder = (kind: string): string => `[REDACTED:${kind}]`;

const globalPatterns = new WeakMap<RegExp, RegExp>();

/**
 * The rule's pattern with `g` (and without `y`), compiled once per pattern; with `d` when it has a `secret` or
 * `lead` group, whose position is then needed.
 */
function globalPattern(pattern: RegExp): RegExp {
  let global = globalPatterns.get(pattern);
  if (!global) {
    const indices = /\(\?<(?:secret|lead)>/.test(pattern.source) ? 'd' : '';
    global = new RegExp(pattern.source, `${pattern.flags.replace(/[dgy]/g, '')}g${indices}`);
    globalPatterns.set(pattern, global);
  }
  return global;
}

/**
 * Replaces the secrets in `text` before it leaves the machine: cloud and API credentials, private key blocks,
 * passwords (in URLs and in assignments) and e-mail addresses (see `DEFAULT_REDACTION_RULES`).
 *
 * - Each secret becomes a placeholder naming its kind; the text around it is kept, so redacted JSON stays JSON.
 * - Where matches overlap, the one that starts first wins, then the earlier rule: every secret counts once.
 * - Idempotent: redacting the output again changes nothing and reports nothing.
 * - The default patterns run in linear time, so a hostile multi-megabyte log cannot stall the upload.
 * - Plain JavaScript (`atob`, `TextDecoder`): browsers and Node alike.
 *
 * @example
 * const { text, report } = redactSecrets('export AWS_ACCESS_KEY_ID=AKIAZ7Q3KXW2M4TBEXMP, mail ops@corp.example.org');
 * // text:   'export AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id], mail [REDACTED:email]'
 * // report: { total: 2, byKind: { 'aws-access-key-id': 1, email: 1 } }
 *
 * @example
 * // An extra kind, and a shorter placeholder
 * redactSecrets(log, {
 *   rules: [{ kind: 'employee-id', pattern: /\bEMP-\d{6}\b/g }],
 *   placeholder: (kind) => `<${kind}>`,
 * });
 */
export function redactSecrets(
  text: string,
  options: RedactOptions = {},
): { text: string; report: RedactionReport } {
  const rules = [...(options.rules ?? []), ...(options.replaceDefaults ? [] : DEFAULT_REDACTION_RULES)];
  const placeholder = options.placeholder ?? defaultPlaceholder;
  // What an earlier pass left behind is not a secret: this is what makes a second pass a no-op.
  const placeholders = new Set(rules.map((rule) => placeholder(rule.kind)));

  const findings: Finding[] = [];
  rules.forEach((rule, priority) => {
    for (const match of text.matchAll(globalPattern(rule.pattern))) {
      const groups = match.indices?.groups;
      const [start, end] = groups?.secret ?? [
        groups?.lead?.[0] ?? match.index,
        match.index + match[0].length,
      ];
      const value = text.slice(start, end);
      if (value === '' || placeholders.has(value)) continue;
      if (rule.verify && !rule.verify(value)) continue;
      const replacement = rule.replace
        ? rule.replace(value, ...match.slice(1).map((group) => group ?? ''))
        : placeholder(rule.kind);
      if (replacement === value) continue;
      findings.push({ start, end, priority, kind: rule.kind, replacement });
    }
  });
  findings.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);

  const parts: string[] = [];
  const counts = new Map<string, number>();
  let cursor = 0;
  for (const finding of findings) {
    if (finding.start < cursor) continue;
    parts.push(text.slice(cursor, finding.start), finding.replacement);
    cursor = finding.end;
    counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
  }
  parts.push(text.slice(cursor));

  let total = 0;
  for (const count of counts.values()) total += count;
  return { text: parts.join(''), report: { total, byKind: Object.fromEntries(counts) } };
}
