/** Words that stand where a secret would go in docs, schemas and type annotations. */
const STAND_IN_WORDS = new Set([
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  'string',
  'str',
  'bytes',
  'number',
  'int',
  'secretstr',
  'required',
  'optional',
  'redacted',
  'hidden',
  'masked',
  'empty',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'pw',
]);

/** `****`, `xxxx`, `•••`, and YAML's `~` (null). */
const MASK = /^[*•xX#.…_~-]+$/;
/**
 * `$VAR`, `${VAR}`, `$(cmd)`, `%VAR%`, `{{ var }}`, `{password}`, `%s`, `:password`, `<your-token>`, `[hidden]`:
 * shell, template, format-string and SQL references.
 */
const REFERENCE =
  /^(?:\$|%[A-Za-z_][A-Za-z0-9_]*%$|%[-+ #0]*\d*(?:\.\d+)?[sdvqx]$|\{[^{}]*\}$|\{\{|:[A-Za-z_]\w*$|<[^>]*>$|\[[^\]]*\]$)/;
/** `DB_PASSWORD`, `YOUR_TOKEN_HERE`: environment variable names, not their values. */
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const SAMPLE =
  /^(?:your|my|the|example|sample|dummy|fake)[-_]?(?:api[-_]?)?(?:password|pass|pwd|secret|token|key)/i;

/**
 * Whether a value found where a secret goes is a stand-in for one (a mask, a variable reference, a type name, a
 * documentation placeholder) rather than the secret itself.
 * @internal
 */
export function looksLikePlaceholder(value: string): boolean {
  return (
    MASK.test(value) ||
    REFERENCE.test(value) ||
    ENV_NAME.test(value) ||
    SAMPLE.test(value) ||
    STAND_IN_WORDS.has(value.toLowerCase())
  );
}

/** A call or an index: `getPassword()`, `input("Password: ")`, `z.string().min(12)`, `os.environ["PW"]`. */
const CALL = /^[A-Za-z_$][\w$.]*[([]/;
/** An expression statement or property: `hashed;`, `this.password,`. */
const CODE_TERMINATED = /^[A-Za-z_$][\w$.]*[;,]$/;
/** `os.environ`, `settings.db.password`, `req.body.password`. */
const PROPERTY_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
/** `db_password`, `newPassword`, `hashedPassphrase`: a variable named after the secret, without digits. */
const NAMED_AFTER_SECRET = /^[a-z_$][A-Za-z_$]*$/;
const SECRET_WORD = /pass(?:word|wd|phrase)/i;

/**
 * Whether a value after `password=` is code that computes the password (a property path, a variable named
 * after it, a call) rather than the password. `Password123` and `hunter2` are passwords; `dbPassword` and
 * `getPassword()` are code.
 * @internal
 */
export function looksLikeCodeReference(value: string): boolean {
  return (
    CALL.test(value) ||
    CODE_TERMINATED.test(value) ||
    PROPERTY_PATH.test(value) ||
    (NAMED_AFTER_SECRET.test(value) && SECRET_WORD.test(value))
  );
}

/** `verify` for rules whose value may be a placeholder. @internal */
export function isSecretValue(value: string): boolean {
  return !looksLikePlaceholder(value);
}

/** Words that make a value with spaces a sentence about a password rather than a passphrase. */
const PROSE_WORD =
  /(?:^|[\s(])(?:pass(?:word|wd|phrase)s?|passwort|contraseña|mot de passe|is|are|was|must|should|can|will|not|your|please|enter|required|invalid|incorrect|wrong|characters?|at least|the|a|an|to|for|with|of|and|or|if|this|that|it)(?=$|[\s.,:;!?)])/i;
/** A Japanese (or Chinese) sentence: a secret word, a polite ending or a particle. */
const CJK_PROSE = /パスワード|暗証番号|密码|ください|です|ます|[をがにでは](?=[\u3040-\u9fff])/;
/** With spaces, brackets or `=` make a value code or markup (`string): Promise<Session> {`), not a passphrase. */
const CODE_PUNCTUATION = /[(){}<>;=]/;
/** `/home/alice/src`, `~/.ssh`, `./secrets`: the working directory in `PWD=`, not a password. */
const PATH = /^(?:~|\.{1,2})?\/[\w.@%+-]+(?:\/[\w.@%+-]*)*$/;

/**
 * Whether a value found where a password goes is text about a password: a sentence with spaces (a translated
 * label, an error message), or Japanese prose. A passphrase of plain words ("correct horse battery staple") is
 * not prose; one that ends like a sentence or uses common function words is.
 * @internal
 */
export function looksLikeProse(value: string): boolean {
  const text = value.replace(/\\+["']/g, '"');
  if (/[\u3040-\u30ff\u4e00-\u9fff]/.test(text) && CJK_PROSE.test(text)) return true;
  if (!/\s/.test(text)) return false;
  return PROSE_WORD.test(text) || /[.?!。？！:：…]$/.test(text);
}

/** `verify` for password rules, whose value may also be code, prose or a path. @internal */
export function isPasswordValue(value: string): boolean {
  const bare = value.replace(/[;,]+$/, '');
  return (
    !looksLikePlaceholder(bare) &&
    !looksLikeCodeReference(value) &&
    !looksLikeCodeReference(bare) &&
    !looksLikeProse(value) &&
    !(/\s/.test(value) && CODE_PUNCTUATION.test(value)) &&
    !PATH.test(value)
  );
}

/**
 * `verify` for values after a generic label (`api_key`, `client_secret`, `*_TOKEN`): a token has letters and
 * digits and no spaces, and is not a placeholder or code.
 * @internal
 */
export function isTokenValue(value: string): boolean {
  return (
    value.length >= 8 &&
    /[0-9]/.test(value) &&
    /[A-Za-z]/.test(value) &&
    !/\s/.test(value) &&
    isSecretValue(value) &&
    !looksLikeCodeReference(value) &&
    !PATH.test(value)
  );
}
