import type { RedactionRule } from './RedactionRule.js';

/**
 * Building blocks of the default rules. Text reaches the redactor at any depth of JSON escaping: a line of a log
 * (depth 0), a chat message in a ChatLog (depth 1), a tool call's `arguments` inside a message (depth 2). A quote
 * is then `"`, `\"` or `\\\"`, and a line ends at a newline or at `\n`, `\\n`... so the blocks below take a run of
 * backslashes whole, never half an escape, and redacted JSON stays JSON.
 * @internal
 */

/** The closing quote of a label at any depth (`"`, `\"`, `\\\"`), bounded so that a run of backslashes costs little. */
export const LABEL_QUOTE = String.raw`(?:\\{0,7}["'])?`;

/**
 * Between a label and its value: an optional closing quote, `=`, `:`, `:=` or `=>`. Bounded, so that a hostile
 * run of spaces costs little.
 */
export const ASSIGN_OPERATOR = String.raw`${LABEL_QUOTE}[ \t]{0,8}(?:=>|:=|[:=])[ \t]{0,8}`;

/** `ASSIGN_OPERATOR` and the value's optional opening quote. */
export const ASSIGN = `${ASSIGN_OPERATOR}${LABEL_QUOTE}`;

/** `AWS Secret Access Key [None]: ` as `aws configure` prompts. */
export const PROMPT_DEFAULT = String.raw`(?:[ \t]{0,4}\[[^\]\r\n]{0,40}\])?`;

/** A newline as it appears at any depth: `\n`, `\r\n`, or their escapes `\n`, `\\n`, `\\\\r\\\\n`. */
export const NEWLINE = String.raw`(?:\r?\n|\\+r\\+n|\\+n)`;

/**
 * `prefix`, where it is not the middle of a longer run of `chars` (so a run is scanned once, not once per
 * character) or comes right after a JSON escape (`\n`, `\t`), which ends a line in a JSON-encoded message. The
 * literal comes first so that the engine can skip ahead to it instead of trying every position.
 */
export function startingWith(prefix: string, chars: string): string {
  return String.raw`(?:${prefix})(?<=(?:(?<!${chars})|(?<=\\[nrt]))(?:${prefix}))`;
}

/**
 * A quoted value at any depth of escaping, as the named group `secret`: the opening quote's backslashes are
 * captured and the value runs to the same quote with the same backslashes, so `"a \"b\" c"` and
 * `\"a \\\"b\\\" c\"` are taken whole. It stops at a line end (no multi-line values) and after `maxUnits`
 * characters or escapes; the lookahead-and-backreference makes the value atomic, so a value that does not
 * close is given up at once instead of being retried shorter.
 */
export function quotedSecret(maxUnits = 256): string {
  const unit = String.raw`(?:[^\\"'\r\n]|(?!\k<quote>)["']|(?!\k<escape>\k<quote>)\\+(?!\\)[^nr\r\n])`;
  return String.raw`(?<escape>\\{0,7})(?<quote>["'])(?=(?<secret>${unit}{1,${maxUnits}}))\k<secret>\k<escape>\k<quote>`;
}

/** A character of an unquoted value: not a space, quote, backtick, separator, bracket or backslash. */
export const BARE_CHAR = String.raw`[^\s"'\x60,;&<>()[\]{}\\]`;

/**
 * An unquoted value as the named group `secret`, up to a space or a separator. It may hold escaped backslashes
 * and quotes (`a\\b`, `a\"b`) and `\u00e9` escapes, but stops before a JSON `\n` or `\t` and before a quote
 * that ends a string. Atomic and at most `maxUnits` long, like `quotedSecret`: a label repeated a million times
 * costs a million short scans, not a million scans to the end of the line.
 */
export function bareSecret(maxUnits = 256, char = BARE_CHAR): string {
  // A run of backslashes, whole: a shorter run would be followed by a backslash.
  const run = String.raw`\\+(?!\\)`;
  const escaped = `${run}(?:u[0-9A-Fa-f]{4}|(?![nrtu])${char})`;
  const quote = `(?:${run})?["'](?=${char})`;
  const unit = `(?:${char}|${escaped}|${quote})`;
  return String.raw`(?=(?<secret>(?:${char}|${escaped})${unit}{0,${maxUnits - 1}}))\k<secret>`;
}

/** A rule from a pattern source. */
export function rule(
  kind: string,
  source: string,
  flags = 'g',
  verify?: (match: string) => boolean,
): RedactionRule {
  const pattern = new RegExp(source, flags);
  return verify ? { kind, pattern, verify } : { kind, pattern };
}

/**
 * A rule for a token that announces itself with a prefix (`glpat-`, `hf_`): the prefix, where it starts a run,
 * then `body`, then no more of `chars`. `before` are the characters that may not come right before the prefix
 * (`chars` unless a token may follow `=`, which it may hold itself).
 */
export function prefixedToken(
  kind: string,
  prefix: string,
  body: string,
  chars = '[A-Za-z0-9_-]',
  before = chars,
): RedactionRule {
  return rule(kind, `${startingWith(prefix, before)}${body}(?!${chars})`);
}
