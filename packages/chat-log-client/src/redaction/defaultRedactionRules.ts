import { CREDENTIAL_RULES, GENERIC_SECRET_RULES } from './credentialRules.js';
import { hasJwtHeader } from './jwtHeader.js';
import { PASSWORD_RULES } from './passwordRules.js';
import type { RedactionRule } from './RedactionRule.js';
import { NEWLINE, rule, startingWith } from './rulePattern.js';
import { TOKEN_RULES } from './tokenRules.js';

/**
 * The rules `redactSecrets` applies unless told otherwise, most specific first: when two matches start at the
 * same place, the earlier rule wins (a GitHub token after `password=` counts as `github-token`). They find
 * secrets in plain text and in JSON at any depth (a PEM key in a tool call's `arguments`, escaped twice, is
 * redacted whole), and run in linear time.
 *
 * Kinds: `private-key` (PEM blocks, PuTTY keys), `jwt`; vendor tokens by prefix: `github-token`,
 * `gitlab-token`, `slack-token`, `stripe-key`, `anthropic-api-key`, `openai-api-key`, `google-api-key`,
 * `google-oauth`, `npm-token`, `huggingface-token`, `sendgrid-api-key`, `pypi-token`, `docker-hub-token`,
 * `digitalocean-token`, `shopify-token`, `vault-token`, `databricks-token`, `grafana-token`, `age-secret-key`,
 * `groq-api-key`, `xai-api-key`, `replicate-token`, `langsmith-api-key`, `twilio-api-key`,
 * `atlassian-api-token`, `linear-api-key`, `postman-api-key`, `doppler-token`, `supabase-token`,
 * `sentry-token`, `notion-token`, `onepassword-token`, `rubygems-api-key`, `pulumi-token`, `newrelic-api-key`,
 * `mapbox-token`, `alibaba-access-key-id`, `telegram-bot-token`; by context: `aws-access-key-id`,
 * `aws-secret-access-key`, `aws-session-token`, `presigned-url-signature` (S3, GCS, Azure SAS), `azure-key`,
 * `azure-client-secret`, `bearer-token`, `basic-auth`, `webhook-url` (Slack, Discord), `url-password`,
 * `password`, `generic-secret` (`api_key`, `client_secret`, `*_TOKEN`...); and `email`.
 *
 * Deliberately not redacted: AWS account ids, ARNs and the non-secret unique ids (`AROA` roles, `AIDA` users,
 * `AGPA` groups...), Stripe publishable keys (`pk_live_`), public keys and certificates, git SHAs, UUIDs and
 * hashes, the user name and host of a URL, `user@host:path` SSH remotes, and values that stand for a secret
 * (`${DB_PASSWORD}`, `<token>`, `****`, `password: string`, `password=os.environ[...]`), prose about passwords
 * (`"password": "Password is required"`) and paths (`PWD=/home/alice`).
 *
 * @example
 * const withoutEmails = DEFAULT_REDACTION_RULES.filter((rule) => rule.kind !== 'email');
 * redactSecrets(text, { rules: withoutEmails, replaceDefaults: true });
 */
export const DEFAULT_REDACTION_RULES: readonly RedactionRule[] = Object.freeze([
  // The whole block, END line included; a block cut short is redacted up to where its base64 stops. JSON
  // escapes (`\n`, `\\n`...) are taken whole so a match never ends inside an escape.
  rule(
    'private-key',
    String.raw`-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=:,. \t\r\n]+|\\+[nrt]|-(?!----))*(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?`,
  ),
  // A PuTTY key file, from its first line to `Private-MAC` (or to where its lines stop).
  rule(
    'private-key',
    String.raw`PuTTY-User-Key-File-[1-3]:[^\r\n\\]{0,200}(?:${NEWLINE}(?!Private-MAC)(?:[A-Za-z-]{1,40}:[^\r\n\\]{0,200}|[A-Za-z0-9+/=]{1,200}))*(?:${NEWLINE}Private-MAC:[ \t]{0,4}[0-9a-f]{40,64})?`,
  ),
  rule(
    'jwt',
    String.raw`${startingWith('eyJ', '[A-Za-z0-9_-]')}[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`,
    'g',
    hasJwtHeader,
  ),
  ...TOKEN_RULES,
  ...CREDENTIAL_RULES,
  ...PASSWORD_RULES,
  ...GENERIC_SECRET_RULES,
  // Not after `://` (the user of a URL), not an image name (`icon@2x.png`), not an SSH remote (`git@host:path`).
  // From the `@`, the one character that every address has, with the user name behind it.
  rule(
    'email',
    String.raw`@(?<=(?:(?<![A-Za-z0-9._%+-])|(?<=\\[nrt]))(?<!://|\\)(?<lead>[A-Za-z0-9._%+-]{1,64})@)(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])(?<!\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp))(?!:[A-Za-z0-9~/_.-])`,
  ),
]);
