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

/** `verify` for password rules, whose value may also be code. @internal */
export function isPasswordValue(value: string): boolean {
  const bare = value.replace(/[;,]+$/, '');
  return !looksLikePlaceholder(bare) && !looksLikeCodeReference(value) && !looksLikeCodeReference(bare);
}
