import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { poolConfig } from '../../src/db/PostgresDatabase.js';

describe('poolConfig', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('verifies TLS for remote hosts and not for loopback', () => {
    expect(poolConfig({ connectionString: 'postgres://u@db.example.com/catdata' }).ssl).toEqual({
      rejectUnauthorized: true,
    });
    expect(poolConfig({ connectionString: 'postgres://u@127.0.0.1:5432/catdata' }).ssl).toBe(false);
    expect(poolConfig({ host: 'db.example.com', ssl: false }).ssl).toBe(false);
  });

  it('asks for a fresh RDS IAM token per connection instead of a password', async () => {
    // Prepare
    const config = poolConfig({
      host: 'catdata.abc123.ap-northeast-1.rds.amazonaws.com',
      user: 'cat_data_app',
      database: 'catdata',
      iamAuth: { region: 'ap-northeast-1' },
    });
    // Act
    const token = await (config.password as () => Promise<string>)();
    // Assess: the token is a SigV4-presigned "connect" request for that host, port and user
    const url = new URL(`https://${token}`);
    expect(url.host).toBe('catdata.abc123.ap-northeast-1.rds.amazonaws.com:5432');
    expect(url.searchParams.get('Action')).toBe('connect');
    expect(url.searchParams.get('DBUser')).toBe('cat_data_app');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/ap-northeast-1\/rds-db\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(config.ssl).toEqual({ rejectUnauthorized: true });
  });

  it('refuses IAM authentication without a host and user', () => {
    expect(() => poolConfig({ iamAuth: { region: 'ap-northeast-1' } })).toThrow(
      'IAM authentication needs host and user',
    );
  });
});
