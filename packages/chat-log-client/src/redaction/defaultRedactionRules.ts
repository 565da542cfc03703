import { hasJwtHeader } from './jwtHeader.js';
import { isPasswordValue, isSecretValue } from './placeholderValue.js';
import type { RedactionRule } from './RedactionRule.js';

/**
 * Between a label and its value: an optional (JSON-escaped) closing quote, `=`, `:`, `:=` or `=>`, an optional
 * opening quote. Bounded, so that a hostile run of spaces costs little.
 */
const ASSIGN_OPERATOR = String.raw`\\?["']?[ \t]{0,8}(?:=>|:=|[:=])[ \t]{0,8}`;
const ASSIGN = String.raw`${ASSIGN_OPERATOR}\\?["']?`;
/** `AWS Secret Access Key [None]: ` as `aws configure` prompts. */
const PROMPT_DEFAULT = String.raw`(?:[ \t]{0,4}\[[^\]\r\n]{0,40}\])?`;
const AUTHORIZATION = String.raw`authorization\\?["']?[ \t]{0,8}(?:=>|[:=])[ \t]{0,8}\\?["']?`;
const PASSWORD_LABEL = `pass(?:word|wd|phrase)`;
/** Printable ASCII except space, quotes and backslash: a value that can never break a JSON string. */
const VALUE_CHAR = String.raw`[!#-&(-\[\]-~]`;

/**
 * `prefix`, where it is not the middle of a longer run of `chars` (so a run is scanned once, not once per
 * character) or comes right after a JSON escape (`\n`, `\t`), which ends a line in a JSON-encoded message. The
 * literal comes first so that the engine can skip ahead to it instead of trying every position.
 */
function startingWith(prefix: string, chars: string): string {
  return String.raw`(?:${prefix})(?<=(?:(?<!${chars})|(?<=\\[nrt]))(?:${prefix}))`;
}

function rule(kind: string, source: string, flags = 'g', verify?: (match: string) => boolean): RedactionRule {
  const pattern = new RegExp(source, flags);
  return verify ? { kind, pattern, verify } : { kind, pattern };
}

function hasBasicCredentials(value: string): boolean {
  try {
    return atob(value).includes(':') && isSecretValue(value);
  } catch {
    return false;
  }
}

/**
 * The rules `redactSecrets` applies unless told otherwise, most specific first: when two matches start at the
 * same place, the earlier rule wins (a GitHub token after `password=` counts as `github-token`).
 *
 * Kinds: `private-key`, `jwt`, `github-token`, `slack-token`, `stripe-key`, `anthropic-api-key`,
 * `openai-api-key`, `google-api-key`, `npm-token`, `aws-access-key-id`, `aws-secret-access-key`,
 * `aws-session-token`, `presigned-url-signature`, `bearer-token`, `basic-auth`, `url-password`, `password`,
 * `email`.
 *
 * Deliberately not redacted: AWS account ids, ARNs and the non-secret unique ids (`AROA` roles, `AIDA` users,
 * `AGPA` groups...), Stripe publishable keys (`pk_live_`), public keys and certificates, git SHAs, UUIDs and
 * hashes, the user name and host of a URL, `user@host:path` SSH remotes, and values that stand for a secret
 * (`${DB_PASSWORD}`, `<token>`, `****`, `password: string`, `password=os.environ[...]`).
 *
 * @example
 * const withoutEmails = DEFAULT_REDACTION_RULES.filter((rule) => rule.kind !== 'email');
 * redactSecrets(text, { rules: withoutEmails, replaceDefaults: true });
 */
export const DEFAULT_REDACTION_RULES: readonly RedactionRule[] = Object.freeze([
  // The whole block, END line included; a block cut short is redacted up to where its base64 stops. JSON `\n`
  // escapes are taken whole so a match never ends inside an escape.
  rule(
    'private-key',
    String.raw`-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=:,. \t\r\n]+|\\[nrt]|-(?!----))*(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?`,
  ),
  rule(
    'jwt',
    String.raw`${startingWith('eyJ', '[A-Za-z0-9_-]')}[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`,
    'g',
    hasJwtHeader,
  ),
  rule('github-token', `${startingWith('gh[pousr]_', '[A-Za-z0-9_]')}[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])`),
  rule('github-token', `${startingWith('github_pat_', '[A-Za-z0-9_]')}[A-Za-z0-9_]{22,251}(?![A-Za-z0-9_])`),
  rule('slack-token', `${startingWith('xox[abprs]-', '[A-Za-z0-9-]')}[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])`),
  rule(
    'stripe-key',
    `${startingWith('[sr]k_(?:live|test)_', '[A-Za-z0-9_]')}[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])`,
  ),
  rule(
    'anthropic-api-key',
    `${startingWith('sk-ant-', '[A-Za-z0-9_-]')}[A-Za-z0-9_-]{20,300}(?![A-Za-z0-9_-])`,
  ),
  // A digit is required so that kebab-case words after `sk-` stay.
  rule(
    'openai-api-key',
    `${startingWith('sk-', '[A-Za-z0-9_-]')}(?!ant-)(?=[A-Za-z_-]{0,300}[0-9])[A-Za-z0-9_-]{20,300}(?![A-Za-z0-9_-])`,
  ),
  rule('google-api-key', `${startingWith('AIza', '[A-Za-z0-9_-]')}[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])`),
  rule('npm-token', `${startingWith('npm_', '[A-Za-z0-9_]')}[A-Za-z0-9]{36}(?![A-Za-z0-9_])`),
  // `.npmrc`: `//registry.npmjs.org/:_authToken=...` (legacy tokens are UUIDs).
  rule('npm-token', `_authToken=(?<secret>[A-Za-z0-9_.+/=-]{16,})(?![A-Za-z0-9_.+/=-])`),
  // Access key ids only: AROA/AIDA/AGPA/ANPA... name roles, users and policies and are not secret.
  rule('aws-access-key-id', `${startingWith('AKIA|ASIA', '[A-Za-z0-9]')}[A-Z0-9]{16}(?![A-Za-z0-9])`),
  // 40 characters are only a secret key in context: after a `secret` label...
  rule(
    'aws-secret-access-key',
    `secret(?:[ _-]?access)?(?:[ _-]?key)?${PROMPT_DEFAULT}${ASSIGN}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    'gi',
  ),
  // ...or shortly after an access key id on the same line, mixed case with a digit or `/+` (which also keeps
  // hex SHAs out).
  rule(
    'aws-secret-access-key',
    String.raw`${startingWith('AKIA|ASIA', '[A-Za-z0-9]')}[A-Z0-9]{16}[^A-Za-z0-9\r\n][^\r\n]{0,100}?(?:(?<![A-Za-z0-9/+=])|(?<=\\[nrt]))(?=[a-z0-9/+]{0,39}[A-Z])(?=[A-Z0-9/+]{0,39}[a-z])(?=[A-Za-z]{0,39}[0-9/+])(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
  ),
  rule(
    'aws-session-token',
    `(?:session|security)[ _-]?token${PROMPT_DEFAULT}${ASSIGN}(?<secret>[A-Za-z0-9/+=%]{32,})(?![A-Za-z0-9/+=%(])`,
    'gi',
  ),
  // A presigned URL is a bearer credential until it expires; without its signature it is harmless.
  rule(
    'presigned-url-signature',
    `X-Amz-Signature=(?<=[?&;]X-Amz-Signature=)(?<secret>[0-9a-f]{64})(?![0-9A-Za-z])`,
    'gi',
  ),
  rule(
    'bearer-token',
    String.raw`${AUTHORIZATION}bearer[ \t]{1,8}(?<secret>[A-Za-z0-9._~+/-]{8,}=*)(?![A-Za-z0-9._~+/=-])`,
    'gi',
    isSecretValue,
  ),
  // Outside an Authorization header `Bearer` is often prose, so the token must be long and contain a digit.
  rule(
    'bearer-token',
    String.raw`${startingWith('[Bb]earer', '[A-Za-z0-9]')}[ \t]{1,8}(?<secret>(?=[A-Za-z._~+/-]{0,300}[0-9])[A-Za-z0-9._~+/-]{20,}=*)(?![A-Za-z0-9._~+/=-])`,
    'g',
    isSecretValue,
  ),
  rule(
    'basic-auth',
    String.raw`${AUTHORIZATION}basic[ \t]{1,8}(?<secret>[A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])`,
    'gi',
    hasBasicCredentials,
  ),
  // `scheme://user:password@host`: only the password; the user and host stay readable.
  rule(
    'url-password',
    String.raw`://(?<=[A-Za-z0-9]://)[^\s/?#@:"'<>\\]{0,128}:(?<secret>[^\s/?#@"'<>\\]{1,256})(?=@)`,
    'g',
    isSecretValue,
  ),
  // `"password": "..."`, `password = '...'`: a quoted value without spaces (with spaces it is prose, such as a
  // translated label or an error message).
  rule(
    'password',
    String.raw`${PASSWORD_LABEL}${ASSIGN_OPERATOR}\\?["'](?<secret>${VALUE_CHAR}{1,256})(?=\\?["'])`,
    'gi',
    isPasswordValue,
  ),
  // `PASSWORD=...`, `?password=...&`, `Password=...;`, `connect(password=...)`: up to a delimiter, not a call.
  // The lookahead-and-backreference makes the run atomic, so a refused `getPassword(` is not retried shorter.
  rule(
    'password',
    String.raw`${PASSWORD_LABEL}=(?=(?<secret>[^\s"'\x60,;&<>()[\]{}\\]+))\k<secret>(?![([{])`,
    'gi',
    isPasswordValue,
  ),
  // `password: ...` (YAML, ini, a chat line): the value must end the line, so "password: click the link" stays.
  rule(
    'password',
    String.raw`${PASSWORD_LABEL}(?:[ \t]{0,8}:|[ \t]{1,8}=|=(?=[ \t]))[ \t]{0,8}(?=(?<secret>${VALUE_CHAR}+))\k<secret>(?=[ \t]*(?:[\r\n"]|\\[rn]|$))`,
    'gi',
    isPasswordValue,
  ),
  rule(
    'password',
    String.raw`${startingWith('--password', '[A-Za-z0-9-]')}[ \t]{1,4}["']?(?=(?<secret>[^\s"'\x60\\;&|<>()$-][^\s"'\x60\\;&|<>()]*))\k<secret>`,
    'g',
    isPasswordValue,
  ),
  // `パスワード：...`, `パスワードは「...」`: an ASCII value of four characters or more.
  rule(
    'password',
    String.raw`パスワード(?:[ \t\u3000]{0,4}[:：=＝][ \t\u3000]{0,4}[「『"]?|は[ \t\u3000]{0,4}[「『])(?=(?<secret>${VALUE_CHAR}{4,}))\k<secret>`,
    'g',
    isPasswordValue,
  ),
  // Not after `://` (the user of a URL), not an image name (`icon@2x.png`), not an SSH remote (`git@host:path`).
  rule(
    'email',
    String.raw`(?:(?<![A-Za-z0-9._%+-])|(?<=\\[nrt]))(?<!://|\\)[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])(?<!\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp))(?!:[A-Za-z0-9~/_.-])`,
  ),
]);
