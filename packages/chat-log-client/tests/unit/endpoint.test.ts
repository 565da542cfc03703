import { describe, expect, it, vi } from 'vitest';
import { ChatLogDownloader, ChatLogUploader, ChatLogValidationError } from '../../src/index.js';

describe('the presign endpoint never receives the bearer token over plain http', () => {
  it.each([
    'http://presign.example/',
    'http://10.0.0.5:3000/',
    'http://[::ffff:a00:5]/',
    'http://localhost.evil.example/',
    'ftp://presign.example/',
  ])('refuses %s before sending anything', async (endpoint) => {
    // Prepare
    const fetch = vi.fn<typeof globalThis.fetch>();

    // Act
    const build = [
      () => new ChatLogUploader({ endpoint, token: 'secret-token', fetch }),
      () => new ChatLogDownloader({ endpoint, token: 'secret-token', fetch }),
    ];

    // Assess
    for (const client of build) {
      expect(client).toThrow(ChatLogValidationError);
      expect(client).toThrow(/https/);
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    'https://abc.lambda-url.ap-northeast-1.on.aws/',
    'http://127.0.0.1:3000/',
    'http://127.8.9.10/',
    'http://localhost:8080/',
    'http://api.localhost/',
    'http://[::1]:3000/',
  ])('accepts %s (https, or http to a loopback address)', (endpoint) => {
    // Act
    const build = () => new ChatLogUploader({ endpoint, token: 'secret-token' });

    // Assess
    expect(build).not.toThrow();
  });

  it('names the field and says why', () => {
    // Act
    let error: unknown;
    try {
      new ChatLogUploader({ endpoint: 'http://presign.example/' });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toMatchObject({ field: 'endpoint' });
    expect((error as Error).message).toMatch(/token would travel in clear/);
  });
});
