import { StructuredLogger } from '@mv/http-edge';
import { describe, expect, it, vi } from 'vitest';
import { createApiGatewayHandler } from '../../src/api/apiGatewayHandler.js';
import type { CatDataRepository } from '../../src/CatDataRepository.js';

// The API on the edge, without a database: routes that fail before touching the repository, and the adapter's
// reading of API Gateway events (the conversions themselves are tested in @mv/http-edge).
function handlerWith(authenticate = vi.fn(async () => null)) {
  const repository = vi.fn(async () => {
    throw new Error('no database in unit tests');
  });
  const handler = createApiGatewayHandler({
    repository: repository as unknown as () => Promise<CatDataRepository>,
    authenticator: { authenticate },
    logger: new StructuredLogger({ level: 'SILENT' }),
  });
  return { handler, authenticate, repository };
}

describe('the cat-data API on the edge', () => {
  it('answers malformed percent-encoding with 400 before authentication (was a 500)', async () => {
    // Prepare
    const { handler, authenticate } = handlerWith();
    // Act
    const results = await Promise.all(
      ['/stats/%', '/cats/%E0%A4%A', '/cats/%zz'].map((rawPath) =>
        handler({ version: '2.0', rawPath, requestContext: { http: { method: 'GET' }, requestId: 'r-1' } }),
      ),
    );
    // Assess
    for (const result of results) {
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(result.body)).toEqual({
        error: {
          code: 'validation_failed',
          message: 'The path has malformed percent-encoding.',
          requestId: 'r-1',
        },
      });
    }
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('reads the token of a REST API (1.0) event and answers with the one error body and request id', async () => {
    const { handler, authenticate } = handlerWith();
    const result = await handler(
      {
        httpMethod: 'POST',
        path: '/cats',
        headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json' },
        body: Buffer.from('{"externalId":"猫-1"}').toString('base64'),
        isBase64Encoded: true,
        requestContext: { requestId: 'rest-1' },
      },
      { awsRequestId: 'aws-1' },
    );
    expect(authenticate).toHaveBeenCalledWith('Bearer x');
    expect(result.statusCode).toBe(500); // the repository cannot open: nothing internal in the answer
    expect(JSON.parse(result.body)).toEqual({
      error: {
        code: 'InternalError',
        message: 'Internal error; retry later or quote the requestId',
        requestId: 'aws-1',
      },
    });
  });

  it('refuses unknown query keys on the public, cached routes', async () => {
    // A repository that is never reached: the query is refused first.
    const handler = createApiGatewayHandler({
      repository: {} as CatDataRepository,
      authenticator: { authenticate: async () => null },
      logger: new StructuredLogger({ level: 'SILENT' }),
    });
    for (const rawPath of ['/export', '/stats/summary']) {
      const result = await handler({
        version: '2.0',
        rawPath,
        rawQueryString: 'format=csv&cachebuster=1',
        requestContext: { http: { method: 'GET' } },
      });
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(result.body).error.code).toBe('validation_failed');
    }
  });
});
