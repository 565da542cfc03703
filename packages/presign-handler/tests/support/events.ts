import type { FunctionUrlEvent } from '../../src/index.js';

/** A Lambda Function URL event (payload 2.0) as Lambda delivers it. */
export function functionUrlEvent(
  body: unknown,
  options: {
    method?: string;
    headers?: Record<string, string>;
    base64?: boolean;
    iam?: Record<string, unknown>;
  } = {},
): FunctionUrlEvent {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    version: '2.0',
    rawPath: '/',
    headers: {
      'content-type': 'application/json',
      host: 'abc.lambda-url.ap-northeast-1.on.aws',
      ...options.headers,
    },
    body: options.base64 ? Buffer.from(text, 'utf8').toString('base64') : text,
    isBase64Encoded: options.base64 ?? false,
    requestContext: {
      requestId: 'req-1',
      http: { method: options.method ?? 'POST', sourceIp: '203.0.113.7' },
      ...(options.iam ? { authorizer: { iam: options.iam } } : {}),
    },
  };
}

export const ALICE_KEY = 'alice-secret-key-0123456789';
export const BOB_KEY = 'bob-secret-key-9876543210';

/** Captures log lines instead of printing them. */
export function captureLogs() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
}
