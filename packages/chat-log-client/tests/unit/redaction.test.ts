import { readdirSync, readFileSync } from 'node:fs';
import { seededRandom } from '@mv/testing';
import { describe, expect, it } from 'vitest';
import { ChatLog } from '../../src/ChatLog.js';
import { DEFAULT_REDACTION_RULES } from '../../src/redaction/defaultRedactionRules.js';
import type { RedactionRule } from '../../src/redaction/RedactionRule.js';
import { redactSecrets } from '../../src/redaction/redactSecrets.js';

const fixtures = new URL('../fixtures/redaction/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, fixtures), 'utf8');

/** Per planted file: how many secrets of each kind it holds, and the values that must disappear. */
const planted: Record<string, { byKind: Record<string, number>; secrets: string[] }> = JSON.parse(
  read('planted/expected.json'),
);
const plantedFiles = Object.keys(planted);
const cleanFiles = readdirSync(new URL('clean/', fixtures)).sort();
const defaultKinds = [...new Set(DEFAULT_REDACTION_RULES.map((rule) => rule.kind))];

function pick(next: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

const HEX = '0123456789abcdef';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Lines of identifiers that look random but are not secrets. */
function nearMisses(lines: number): string {
  const next = seededRandom(20261123);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const uuid = `${pick(next, HEX, 8)}-${pick(next, HEX, 4)}-4${pick(next, HEX, 3)}-a${pick(next, HEX, 3)}-${pick(next, HEX, 12)}`;
    const account = pick(next, '0123456789', 12);
    const uniqueId = `${['AROA', 'AIDA', 'AGPA', 'ANPA', 'AIPA'][i % 5]}${pick(next, UPPER_DIGITS, 16)}`;
    out.push(
      [
        `commit ${pick(next, HEX, 40)} (${pick(next, HEX, 7)})`,
        `request ${uuid} sha256=${pick(next, HEX, 64)}`,
        `principal ${uniqueId} arn:aws:iam::${account}:role/app-${i} account ${account}`,
        `checksum ${pick(next, BASE64, 43)}= etag "${pick(next, HEX, 32)}"`,
        `blob data:image/png;base64,${pick(next, BASE64, 400)}==`,
        `see https://example.com/logs/${uuid}?page=${i}&sort=desc and https://user@example.org:8443/x`,
        `cursor ${pick(next, BASE64.slice(0, 62), 40)} version 1.${i}.0`,
      ].join(' | '),
    );
  }
  return out.join('\n');
}

describe('redactSecrets on the planted corpus', () => {
  it.each(plantedFiles)('finds every planted secret in %s, counted per kind', (file) => {
    // Prepare
    const text = read(`planted/${file}`);
    const expected = planted[file]!;

    // Act
    const { text: redacted, report } = redactSecrets(text);

    // Assess
    expect(report.byKind).toEqual(expected.byKind);
    expect(report.total).toBe(Object.values(expected.byKind).reduce((sum, count) => sum + count, 0));
    for (const secret of expected.secrets) expect(redacted).not.toContain(secret);
  });

  it('covers every default kind with the format samples, and every planted file is in the manifest', () => {
    // Prepare
    const onDisk = readdirSync(new URL('planted/', fixtures)).filter((file) => file !== 'expected.json');
    const samples: { kind: string }[] = JSON.parse(read('formats/samples.json'));

    // Act
    const kinds = new Set([
      ...plantedFiles.flatMap((file) => Object.keys(planted[file]!.byKind)),
      ...samples.map((sample) => sample.kind),
    ]);

    // Assess
    expect(onDisk.sort()).toEqual([...plantedFiles].sort());
    expect([...kinds].sort()).toEqual([...defaultKinds].sort());
  });

  it('never puts a secret value in the report', () => {
    for (const file of plantedFiles) {
      // Prepare
      const text = read(`planted/${file}`);

      // Act
      const serialized = JSON.stringify(redactSecrets(text).report);

      // Assess
      for (const secret of planted[file]!.secrets) expect(serialized).not.toContain(secret);
      expect(Object.keys(JSON.parse(serialized))).toEqual(['total', 'byKind']);
      for (const kind of Object.keys(JSON.parse(serialized).byKind)) expect(defaultKinds).toContain(kind);
    }
  });

  it.each(plantedFiles.filter((file) => file.endsWith('.json')))(
    'keeps %s valid JSON and a valid ChatLog',
    (file) => {
      // Prepare
      const original = JSON.parse(read(`planted/${file}`));

      // Act
      const { text } = redactSecrets(read(`planted/${file}`));

      // Assess
      const redacted = JSON.parse(text);
      expect(ChatLog.safeParse(redacted).success).toBe(true);
      expect(redacted.messages).toHaveLength(original.messages.length);
      expect(text).toContain('[REDACTED:');
    },
  );

  it.each([...plantedFiles.map((file) => `planted/${file}`), ...cleanFiles.map((file) => `clean/${file}`)])(
    'is idempotent on %s',
    (path) => {
      // Prepare
      const once = redactSecrets(read(path)).text;

      // Act
      const twice = redactSecrets(once);

      // Assess
      expect(twice.text).toBe(once);
      expect(twice.report).toEqual({ total: 0, byKind: {} });
    },
  );

  it('is idempotent with a custom placeholder too', () => {
    // Prepare
    const placeholder = (kind: string) => `<${kind}>`;
    const once = redactSecrets(read('planted/deploy-notes.md'), { placeholder });

    // Act
    const twice = redactSecrets(once.text, { placeholder });

    // Assess
    expect(once.text).toContain('SMTP_PASSWORD=<password>');
    expect(twice.text).toBe(once.text);
    expect(twice.report.total).toBe(0);
  });
});

describe('redactSecrets on ordinary text', () => {
  it.each(cleanFiles)('finds nothing in %s', (file) => {
    // Prepare
    const text = read(`clean/${file}`);

    // Act
    const result = redactSecrets(text);

    // Assess
    expect(result.report).toEqual({ total: 0, byKind: {} });
    expect(result.text).toBe(text);
  });

  it('finds nothing among generated near-misses: SHAs, UUIDs, ARNs, unique ids, base64, URLs', () => {
    // Prepare
    const text = nearMisses(2000);

    // Act
    const { report } = redactSecrets(text);

    // Assess
    expect(report).toEqual({ total: 0, byKind: {} });
  });

  it.each([
    ['an AWS role, user and group id', 'AROA3XFRBF23KQ7ZLM2P AIDAJQABLZS4A3QDU576Q AGPAJQABLZS4A3QDU576R'],
    ['a 40-character string without context', 'token wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here'],
    ['a git SHA after an access key id', 'AKIA rotated in 9c1185a5c5e9fc54612808977ee8f548b2258d31'],
    ['a JWT-shaped string whose header has no alg', 'eyJ0eXAiOiJjdXJzb3IifQ.eyJhZnRlciI6MX0.cGFnZS0y'],
    ['a Stripe publishable key', 'pk_live_51NzQxLmKd2vYtR8sWq3pA7cE9fH1jB4nM6oP0uS5xZ2wV8yT3gK7iL9rD1eF'],
    ['a URL with a port and no password', 'https://example.com:8443/presign?user=alice'],
    ['a URL with a user and no password', 'https://deploy@example.com/repo.git'],
    ['an SSH remote and image names', 'git@github.com:mv/mv-sdk.git icon@2x.png @mv/chat-log-client@0.1.0'],
    ['password in prose', 'Reset your password: click the link below.\nThe password must be 12 characters.'],
    [
      'password read from code',
      'password = os.environ["PGPASSWORD"]\npassword=getpass()\nlogin(password=password)',
    ],
    ['password placeholders', `password: \${DB_PASSWORD}\npassword=<password>\n"password": "********"`],
    ['password type annotations', 'password: string;\npassword: str\n"password": "Password"'],
    [
      'bearer placeholders',
      'Authorization: Bearer <token>\nAuthorization: Bearer $TOKEN\nBearer tokens expire.',
    ],
    ['Japanese prose', 'パスワードを忘れた場合は再設定してください。パスワード：8文字以上'],
    ['the working directory', 'PWD=/home/alice/src/mv-sdk\nOLDPWD=/home/alice\nDB_PASS_FILE=/run/secrets/db'],
    [
      'password labels with prose or code',
      '{"password": "Password is required", "forgotPassword": "Forgot your password?"}\npassword: z.string().min(12), // at least 12',
    ],
    [
      'pagination and CSRF tokens',
      'next_token=eyJvZmZzZXQiOjEwMH0x9 csrf_token=a8f3b2c1d4e5f607 page_token=Q2xpZW50MTIz',
    ],
    [
      'generic labels without a token',
      `api_key = settings.API_KEY\nclient_secret: \${CLIENT_SECRET}\nSECRET_KEY=changeme`,
    ],
    [
      'a port and a scoped package',
      'https://registry.npmjs.org:443/@mv/chat-log-client http://localhost:5173/@vite/client',
    ],
  ])('leaves %s alone', (_name, text) => {
    // Act
    const result = redactSecrets(text);

    // Assess
    expect(result.report.total).toBe(0);
    expect(result.text).toBe(text);
  });
});

describe('redactSecrets, rule by rule', () => {
  it('keeps the user and host of a URL and redacts only its password', () => {
    // Act
    const { text } = redactSecrets(
      'postgres://app:pa55-w0rd@db.example.com:5432/app redis://:r3dis-Pw@cache:6379',
    );

    // Assess
    expect(text).toBe(
      'postgres://app:[REDACTED:url-password]@db.example.com:5432/app redis://:[REDACTED:url-password]@cache:6379',
    );
  });

  it('redacts a whole private key block, and a truncated one up to where its base64 stops', () => {
    // Prepare
    const block =
      '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5\n-----END EC PRIVATE KEY-----';
    const truncated =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n\nDid I paste too much?';

    // Act
    const whole = redactSecrets(`key:\n${block}\nend`);
    const cut = redactSecrets(truncated);

    // Assess
    expect(whole.text).toBe('key:\n[REDACTED:private-key]\nend');
    expect(cut.text).toBe('[REDACTED:private-key]?');
    expect(cut.report.byKind).toEqual({ 'private-key': 1 });
  });

  it('redacts a JWT only when its header decodes to JSON with an alg', () => {
    // Prepare
    const header = btoa('{"alg":"HS256","typ":"JWT"}').replace(/=+$/, '');
    const jwt = `${header}.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlLWJ5dGVz`;
    const notJwt = `${btoa('{"typ":"JWT"}').replace(/=+$/, '')}.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlLWJ5dGVz`;

    // Act
    const { text, report } = redactSecrets(`${jwt} ${notJwt}`);

    // Assess
    expect(text).toBe(`[REDACTED:jwt] ${notJwt}`);
    expect(report.byKind).toEqual({ jwt: 1 });
  });

  it('redacts a secret access key after its label or after an access key id on the same line', () => {
    // Prepare
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

    // Act
    const labelled = redactSecrets(`"SecretAccessKey": "${secret}"`);
    const csv = redactSecrets(`uploader,AKIAIOSFODNN7EXAMPLE,${secret}`);
    const alone = redactSecrets(`value ${secret}`);

    // Assess
    expect(labelled.text).toBe('"SecretAccessKey": "[REDACTED:aws-secret-access-key]"');
    expect(csv.text).toBe('uploader,[REDACTED:aws-access-key-id],[REDACTED:aws-secret-access-key]');
    expect(alone.report.total).toBe(0);
  });

  it('counts a secret once where rules overlap, under the most specific kind', () => {
    // Prepare
    const token = `ghp_${'A1b2C3d4E5'.repeat(3)}f6G7h8`;

    // Act
    const { text, report } = redactSecrets(`https://x-access-token:${token}@github.com/mv/mv-sdk.git`);

    // Assess
    expect(text).toBe('https://x-access-token:[REDACTED:github-token]@github.com/mv/mv-sdk.git');
    expect(report).toEqual({ total: 1, byKind: { 'github-token': 1 } });
  });

  it('keeps JSON valid when secrets sit next to escapes', () => {
    // Prepare
    const content = [
      'keys:\nAKIAIOSFODNN7EXAMPLE\nmail alice@corp.example.org\n',
      '{"password": "s3cr3t-Pw!"}',
      `-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX\n-----END RSA PRIVATE KEY-----\n`,
      'url\tpostgres://u:p4ss-W0rd@db:5432/x',
    ].join('\n');
    const json = JSON.stringify({ content, nested: { password: 'hunter2-X9' } });

    // Act
    const { text, report } = redactSecrets(json);

    // Assess
    const parsed = JSON.parse(text);
    expect(parsed.nested.password).toBe('[REDACTED:password]');
    expect(parsed.content).toBe(
      [
        'keys:\n[REDACTED:aws-access-key-id]\nmail [REDACTED:email]\n',
        '{"password": "[REDACTED:password]"}',
        '[REDACTED:private-key]\n',
        'url\tpostgres://u:[REDACTED:url-password]@db:5432/x',
      ].join('\n'),
    );
    expect(report.total).toBe(6);
  });
});

describe('redactSecrets options', () => {
  const employeeId: RedactionRule = { kind: 'employee-id', pattern: /\bEMP-\d{6}\b/g };

  it('adds custom rules to the defaults', () => {
    // Act
    const { text, report } = redactSecrets('EMP-123456 wrote to alice@corp.example.org', {
      rules: [employeeId],
    });

    // Assess
    expect(text).toBe('[REDACTED:employee-id] wrote to [REDACTED:email]');
    expect(report).toEqual({ total: 2, byKind: { 'employee-id': 1, email: 1 } });
  });

  it('replaces only the secret group of a custom rule, and lets it win over a default at the same place', () => {
    // Prepare
    const internal: RedactionRule = { kind: 'mv-key', pattern: /x-mv-key: (?<secret>\S+)/gi };

    // Act
    const { text, report } = redactSecrets('X-MV-Key: AKIAIOSFODNN7EXAMPLE', { rules: [internal] });

    // Assess
    expect(text).toBe('X-MV-Key: [REDACTED:mv-key]');
    expect(report.byKind).toEqual({ 'mv-key': 1 });
  });

  it('applies only the given rules with replaceDefaults', () => {
    // Act
    const { text, report } = redactSecrets('EMP-123456 alice@corp.example.org', {
      rules: [employeeId],
      replaceDefaults: true,
    });

    // Assess
    expect(text).toBe('[REDACTED:employee-id] alice@corp.example.org');
    expect(report.total).toBe(1);
  });

  it('uses replace and verify, and does not count a match that replace or verify keeps', () => {
    // Prepare
    const card: RedactionRule = {
      kind: 'card-number',
      pattern: /\b(?:\d{4}[ -]?){3}(\d{4})\b/g,
      replace: (match, last) => (match.startsWith('0000') ? match : `**** **** **** ${last}`),
    };
    const order: RedactionRule = {
      kind: 'order',
      pattern: /\bORD-\d+\b/,
      verify: (match) => match !== 'ORD-1',
    };

    // Act
    const { text, report } = redactSecrets('4111 1111 1111 1234 / 0000 0000 0000 0000 / ORD-1 ORD-42', {
      rules: [card, order],
      replaceDefaults: true,
    });

    // Assess
    expect(text).toBe('**** **** **** 1234 / 0000 0000 0000 0000 / ORD-1 [REDACTED:order]');
    expect(report).toEqual({ total: 2, byKind: { 'card-number': 1, order: 1 } });
  });

  it('ignores empty matches', () => {
    // Act
    const result = redactSecrets('abc', {
      rules: [{ kind: 'nothing', pattern: /x*/g }],
      replaceDefaults: true,
    });

    // Assess
    expect(result).toEqual({ text: 'abc', report: { total: 0, byKind: {} } });
  });
});

describe('redactSecrets on adversarial input', () => {
  const MiB = 1 << 20;
  const fill = (unit: string, size = MiB): string =>
    unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const adversarial: [string, string][] = [
    ['one long word', fill('a')],
    ['one long base64 run', fill('Ab0/+')],
    ['e-mail fragments', fill('a.b@c')],
    ['dotted domains', `a@${fill('a.')}`],
    ['unterminated private keys', fill('-----BEGIN PRIVATE KEY-----\nMIIE')],
    ['a private key with no end', `-----BEGIN PRIVATE KEY-----${fill('\\nAb-')}`],
    ['JWT-like segments', fill('eyJhbGciOiJIUzI1NiJ9.')],
    ['token prefixes', fill('sk-ghp_xoxb-AIzanpm_')],
    [
      'access key ids and 40-character tokens',
      fill('AKIAABCDEFGHIJKLMNOP aB3dEfGhIjKlMnOpQrStUvWxYz0123456789ABCD-'),
    ],
    ['labels without values', fill('password= secret_access_key: Authorization: Bearer session_token=')],
    ['labels run together', `${fill('password=api_key=DB_PASS=a')}(`],
    ['quoted values that never close', fill('"password": "a b\\\\\\" ')],
    ['escaped labels at depth 2', fill('\\\\\\"client_secret\\\\\\": \\\\\\"x')],
    ['a long backslash run after a label', `password=${fill('\\')}`],
    ['YAML values of many words', fill('password: a b c d e f g h i j k ')],
    ['PuTTY headers', fill('PuTTY-User-Key-File-3: ssh-rsa\\nAAAA\n')],
    ['vendor prefixes', fill('glpat-hf_SG.dckr_pat_hvs.xapp-ATATT3sntrys_ops_eyJ1//0')],
    ['webhook and signature prefixes', fill('hooks.slack.com/services/a/?sig=&AccountKey=')],
    ['digits before :AA and Q~', fill('1234567890:AA0Q~abc1Q~')],
    ['URLs with a slash in the password', fill('s://u:/a/b/c/d')],
    ['URL user infos', fill('https://a:b:c@')],
    ['JSON escapes', fill('\\n\\"password\\": \\"')],
  ];

  it.each(adversarial)('finishes on 1 MiB of %s', (_name, text) => {
    // Act
    const result = redactSecrets(text);

    // Assess
    expect(typeof result.text).toBe('string');
    expect(result.report.total).toBeGreaterThanOrEqual(0);
  });
});
