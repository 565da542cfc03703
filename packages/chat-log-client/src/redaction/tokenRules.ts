import type { RedactionRule } from './RedactionRule.js';
import { rule, prefixedToken as token } from './rulePattern.js';

/**
 * Credentials that announce themselves with a vendor prefix, as documented by each vendor and listed by the
 * gitleaks and secretlint rule sets. Shape decides: no label is needed, so they are found in prose, URLs,
 * command lines and JSON alike. Bodies have the documented length (a range where vendors changed it).
 * @internal
 */
export const TOKEN_RULES: readonly RedactionRule[] = [
  token('github-token', 'gh[pousr]_', '[A-Za-z0-9]{36,251}', '[A-Za-z0-9_]'),
  token('github-token', 'github_pat_', '[A-Za-z0-9_]{22,251}', '[A-Za-z0-9_]'),
  // Personal, project, group, deploy, runner, CI job, feed, agent, OAuth-app and SCIM tokens; routable tokens
  // end in `.<version>.<8-9 characters>`.
  token(
    'gitlab-token',
    'gl(?:pat|ptt|dt|rt|cbt|ft|imt|agent|oas|soat|ffct|wt)-',
    String.raw`[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,20}(?![A-Za-z0-9_-]))?`,
  ),
  // Bot, user, app-level (`xapp-`), configuration (`xoxe.xoxp-`) and refresh (`xoxe-`) tokens.
  token('slack-token', String.raw`xox[abeoprs](?:\.xox[bp])?-|xapp-`, '[A-Za-z0-9-]{10,250}', '[A-Za-z0-9-]'),
  token('stripe-key', '[sr]k_(?:live|test)_|whsec_', '[A-Za-z0-9]{16,247}', '[A-Za-z0-9_]'),
  token('anthropic-api-key', 'sk-ant-', '[A-Za-z0-9_-]{20,300}'),
  // A digit is required so that kebab-case words after `sk-` stay.
  token('openai-api-key', 'sk-', '(?!ant-)(?=[A-Za-z_-]{0,300}[0-9])[A-Za-z0-9_-]{20,300}'),
  token('google-api-key', 'AIza', '[A-Za-z0-9_-]{35}'),
  // OAuth client secrets, access tokens and refresh tokens.
  token('google-oauth', 'GOCSPX-', '[A-Za-z0-9_-]{28}'),
  token('google-oauth', String.raw`ya29\.`, '[A-Za-z0-9_-]{30,2048}'),
  token('google-oauth', '1//0', '[A-Za-z0-9_-]{40,512}', '[A-Za-z0-9_/-]'),
  token('npm-token', 'npm_', '[A-Za-z0-9]{36}', '[A-Za-z0-9_]'),
  token('huggingface-token', 'hf_|api_org_', '[A-Za-z0-9]{30,40}', '[A-Za-z0-9_]'),
  token('sendgrid-api-key', String.raw`SG\.`, String.raw`[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`),
  token('pypi-token', 'pypi-AgEIcHlwaS5vcmc', '[A-Za-z0-9_-]{50,1000}'),
  token('docker-hub-token', 'dckr_(?:pat|oat)_', '[A-Za-z0-9_-]{27,32}'),
  token('digitalocean-token', 'do[opr]_v1_', '[a-f0-9]{64}'),
  token('shopify-token', 'shp(?:at|ca|pa|ss)_', '[a-fA-F0-9]{32}'),
  token('vault-token', String.raw`hv[sb]\.`, '[A-Za-z0-9_-]{90,400}'),
  token('databricks-token', 'dapi', '[a-f0-9]{32}(?:-[0-9])?'),
  token('grafana-token', 'glsa_', '[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
  token('grafana-token', 'glc_', '[A-Za-z0-9+/]{32,400}={0,2}', '[A-Za-z0-9+/=_-]', '[A-Za-z0-9+/_-]'),
  token('age-secret-key', 'AGE-SECRET-KEY-1', '[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', '[A-Za-z0-9-]'),
  token('groq-api-key', 'gsk_', '[A-Za-z0-9]{52}', '[A-Za-z0-9_]'),
  token('xai-api-key', 'xai-', '[A-Za-z0-9]{80}'),
  token('replicate-token', 'r8_', '[A-Za-z0-9]{37}', '[A-Za-z0-9_]'),
  token('langsmith-api-key', 'lsv2_(?:pt|sk)_', '[a-f0-9]{32}_[a-f0-9]{10}', '[A-Za-z0-9_]'),
  token('twilio-api-key', 'SK', '[0-9a-fA-F]{32}', '[A-Za-z0-9]'),
  token('atlassian-api-token', 'ATATT3', '[A-Za-z0-9_=-]{150,250}', '[A-Za-z0-9_=-]', '[A-Za-z0-9_-]'),
  token('linear-api-key', 'lin_api_', '[A-Za-z0-9]{40}', '[A-Za-z0-9_]'),
  token('postman-api-key', 'PMAK-', '[a-f0-9]{24}-[a-f0-9]{34}'),
  token(
    'doppler-token',
    String.raw`dp\.(?:pt|st|sa|ct|scim|audit)\.`,
    '[A-Za-z0-9]{40,44}',
    '[A-Za-z0-9_.-]',
  ),
  token('supabase-token', 'sbp_', '[a-f0-9]{40}', '[A-Za-z0-9_]'),
  token('sentry-token', 'sntry[su]_', '[A-Za-z0-9+/=_-]{64,400}', '[A-Za-z0-9+/=_-]', '[A-Za-z0-9+/_-]'),
  token('notion-token', 'ntn_', '[A-Za-z0-9]{46}', '[A-Za-z0-9_]'),
  token('onepassword-token', 'ops_eyJ', '[A-Za-z0-9+/]{250,}={0,3}', '[A-Za-z0-9+/=_-]', '[A-Za-z0-9+/_-]'),
  token('rubygems-api-key', 'rubygems_', '[a-f0-9]{48}', '[A-Za-z0-9_]'),
  token('pulumi-token', 'pul-', '[a-f0-9]{40}'),
  token('newrelic-api-key', 'NRAK-', '[A-Z0-9]{27}'),
  token('mapbox-token', String.raw`sk\.eyJ`, String.raw`[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}`),
  token('alibaba-access-key-id', 'LTAI', '[A-Za-z0-9]{20}', '[A-Za-z0-9]'),
  // `123456789:AA...`: the bot id, a colon and the 35-character secret; often right after `/bot` in a URL.
  rule('telegram-bot-token', ':AA(?<=(?<![0-9])(?<lead>[0-9]{8,10}):AA)[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])'),
];
