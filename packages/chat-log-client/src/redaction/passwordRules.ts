import { isPasswordValue } from './placeholderValue.js';
import type { RedactionRule } from './RedactionRule.js';
import { ASSIGN_OPERATOR, bareSecret, quotedSecret, rule, startingWith } from './rulePattern.js';

/**
 * `password`, `passwd`, `passphrase`; `DB_PASS`, `smtp.pass` (a `pass` that ends a dotted or snake-case name);
 * ODBC's `PWD` (not `OLDPWD`). Each branch starts with a literal, which keeps the scan fast.
 */
const PASSWORD_LABEL = `(?:pass(?:word|wd|phrase|(?<=[_.-]pass)(?![a-z]))|pwd(?<=(?<![a-z])pwd)(?![a-z]))`;
/** A word of an unquoted value: printable, not a space, quote or backslash (non-ASCII letters included). */
const WORD_CHAR = String.raw`[^\s"'\x60\\]`;
/** Where an unquoted `password: ...` value must end: the line, or the JSON string it is in. */
const LINE_END = String.raw`(?=[ \t]*(?:[\r\n"]|\\+[rn"]|$))`;

/**
 * Passwords, found by their label. The value may hold spaces, non-ASCII letters, escaped quotes and backslashes;
 * what decides is `isPasswordValue`, which keeps placeholders, code that computes a password, prose about
 * passwords and paths.
 * @internal
 */
export const PASSWORD_RULES: readonly RedactionRule[] = [
  // `"password": "..."`, `password = '...'`, `\"password\": \"...\"`: the whole quoted value, at any depth.
  rule('password', `${PASSWORD_LABEL}${ASSIGN_OPERATOR}${quotedSecret()}`, 'gi', isPasswordValue),
  // `PASSWORD=...`, `?password=...&`, `PWD=...;`, `connect(password=...)`: up to a delimiter, not a call.
  rule('password', `${PASSWORD_LABEL}=${bareSecret()}(?![([{])`, 'gi', isPasswordValue),
  // `password: ...` (YAML, ini, a chat line): up to eight words that end the line, so "password: click the
  // link below." is prose and stays.
  rule(
    'password',
    String.raw`${PASSWORD_LABEL}(?:[ \t]{0,8}:|[ \t]{1,8}=|=(?=[ \t]))[ \t]{0,8}(?=(?<secret>${WORD_CHAR}{1,256}(?:[ \t]{1,4}${WORD_CHAR}{1,256}){0,7}))\k<secret>${LINE_END}`,
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
    String.raw`パスワード(?:[ \t\u3000]{0,4}[:：=＝][ \t\u3000]{0,4}[「『"]?|は[ \t\u3000]{0,4}[「『])(?=(?<secret>[!#-&(-\[\]-~]{4,}))\k<secret>`,
    'g',
    isPasswordValue,
  ),
];
