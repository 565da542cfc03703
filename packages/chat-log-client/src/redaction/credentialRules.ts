import { isSecretValue, isTokenValue } from './placeholderValue.js';
import type { RedactionRule } from './RedactionRule.js';
import {
  ASSIGN,
  ASSIGN_OPERATOR,
  bareSecret,
  PROMPT_DEFAULT,
  quotedSecret,
  rule,
  startingWith,
} from './rulePattern.js';

const AUTHORIZATION = String.raw`authorization\\{0,7}["']?[ \t]{0,8}(?:=>|[:=])[ \t]{0,8}\\{0,7}["']?`;

function hasBasicCredentials(value: string): boolean {
  try {
    return atob(value).includes(':') && isSecretValue(value);
  } catch {
    return false;
  }
}

/** A URL password, unless it is a port and a path (`https://host:8443/@scope/pkg`). */
function isUrlPassword(value: string): boolean {
  return isSecretValue(value) && !/^[0-9]{1,5}(?:\/|$)/.test(value);
}

/**
 * Labels of API credentials without a recognisable shape: `api_key`, `apiKey`, `x-api-key`, `client_secret`,
 * `access_token`, and any `*_TOKEN` or `*_SECRET` variable, but not pagination and CSRF tokens. The last word
 * comes first and the rest is checked behind it: a few literals scan much faster than many alternatives.
 */
const SECRET_LABEL = `(?:key|token|secret)(?<=(?:api|access|auth|client|app|refresh|private|secret|signing|encryption|webhook|master|account|consumer)[_.-]?(?:key|token|secret)|[_-](?:token|secret))(?<!(?:next|page|continuation|sync|csrf|xsrf|cancellation)[_-]token)`;

/**
 * Credentials recognised by their context: cloud keys after a label or in a connection string, signatures in
 * presigned URLs, HTTP authorization headers, webhook URLs, URL passwords and generic labelled secrets.
 * @internal
 */
export const CREDENTIAL_RULES: readonly RedactionRule[] = [
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
  // A presigned URL (S3, GCS, an Azure SAS) is a bearer credential until it expires; without its signature it
  // is harmless.
  rule(
    'presigned-url-signature',
    `(?:X-Amz|X-Goog)-Signature=(?<=[?&;](?:X-Amz|X-Goog)-Signature=)(?<secret>[0-9a-f]{64,1024})(?![0-9A-Za-z])`,
    'gi',
  ),
  rule('presigned-url-signature', `sig=(?<=[?&;]sig=)(?<secret>[A-Za-z0-9%+/=]{20,300})(?![A-Za-z0-9%+/=])`),
  // Azure storage, Service Bus and Event Hubs connection strings.
  rule(
    'azure-key',
    `(?:AccountKey|SharedAccessKey)=(?<secret>[A-Za-z0-9+/]{20,100}={0,2})(?![A-Za-z0-9+/=])`,
    'gi',
  ),
  // Entra ID (Azure AD) client secrets: three characters, a digit, `Q~`, then 31-34 more.
  rule(
    'azure-client-secret',
    `Q~(?<=(?<![A-Za-z0-9_~.-])(?<lead>[A-Za-z0-9_~.]{3}[0-9])Q~)[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`,
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
  // Incoming webhooks: whoever has the URL can post. The host stays readable.
  rule(
    'webhook-url',
    String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9_-]{8,40}/[A-Za-z0-9_/-]{8,300})(?![A-Za-z0-9_/-])`,
  ),
  rule(
    'webhook-url',
    String.raw`\.com/api/webhooks/(?<=discord(?:app)?\.com/api/webhooks/)(?<secret>[0-9]{5,30}/[A-Za-z0-9_-]{50,100})(?![A-Za-z0-9_-])`,
  ),
  // `scheme://user:password@host`: only the password; the user and host stay readable. The password may hold
  // `/` (not a port and a path, though).
  rule(
    'url-password',
    String.raw`://(?<=[A-Za-z0-9]://)[^\s/?#@:"'<>\\[\]]{0,128}:(?<secret>[^\s?#@"'<>\\]{1,256})(?=@)`,
    'g',
    isUrlPassword,
  ),
];

/**
 * API keys, client secrets and tokens after a generic label, quoted or not; after the password rules, so that
 * a vendor token or a password at the same place keeps its kind.
 * @internal
 */
export const GENERIC_SECRET_RULES: readonly RedactionRule[] = [
  rule('generic-secret', `${SECRET_LABEL}${ASSIGN_OPERATOR}${quotedSecret(512)}`, 'gi', isTokenValue),
  rule('generic-secret', `${SECRET_LABEL}${ASSIGN_OPERATOR}${bareSecret(512)}(?![([{])`, 'gi', isTokenValue),
];
