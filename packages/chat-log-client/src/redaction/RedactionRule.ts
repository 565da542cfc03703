/**
 * One kind of secret that `redactSecrets` looks for.
 *
 * The match is replaced (by the placeholder, or by what `replace` returns). When the secret needs context to be
 * recognised (`password=`, `Authorization: Bearer `), name the secret part `(?<secret>...)`: only that group is
 * replaced and the context stays. Write patterns that run in linear time: no nested quantifiers over the same
 * characters, and a self-delimiting token (`(?<![\w-])` before a `[\w-]+` run, say) so that a long run is
 * scanned once, not once per character. Starting with a literal (`xoxb-`, `password`) makes a rule much faster;
 * when the secret starts before its most telling literal (the `user` of `user@host`), start at the literal and
 * capture the beginning in a lookbehind as `(?<lead>...)`: the redaction then runs from `lead` to the end of
 * the match. The `g` flag is added when missing.
 *
 * @example
 * const employeeId: RedactionRule = { kind: 'employee-id', pattern: /\bEMP-\d{6}\b/g };
 * const internalToken: RedactionRule = { kind: 'internal-token', pattern: /x-mv-key: (?<secret>[a-z0-9]{32})\b/gi };
 * const ticketKey: RedactionRule = { kind: 'ticket-key', pattern: /:TK(?<=\b(?<lead>[a-z]{3,8}):TK)[0-9]{12}\b/g };
 * const lastFour: RedactionRule = {
 *   kind: 'card-number',
 *   pattern: /\b(?:\d{4}[ -]?){3}(\d{4})\b/g,
 *   replace: (_match, last) => `**** **** **** ${last}`,
 * };
 */
export interface RedactionRule {
  /** Short kebab-case name that the report counts under, e.g. `github-token`. Never the value. */
  kind: string;
  pattern: RegExp;
  /**
   * What replaces the secret instead of the placeholder; it receives the secret (the `secret` group, or else the
   * whole match) and the capture groups. Returning the secret unchanged keeps it and does not count it. The
   * result must not match a rule again, or redacting twice would redact more.
   */
  replace?: (match: string, ...groups: string[]) => string;
  /** Return `false` to keep a match that only looks like a secret (a JWT whose header is not JSON, say). */
  verify?: (match: string) => boolean;
}
