import { describe, expect, it } from 'vitest';
import { toApiRequest } from '../../src/api/apiGatewayHandler.js';

describe('toApiRequest', () => {
  it('reads an HTTP API (payload 2.0) event, dropping a named stage from the path', () => {
    // Act
    const request = toApiRequest({
      version: '2.0',
      rawPath: '/prod/cats/7',
      requestContext: { http: { method: 'GET' }, stage: 'prod' },
      headers: { Authorization: 'Bearer x' },
      queryStringParameters: { limit: '5' },
      body: null,
    });
    // Assess
    expect(request).toEqual({
      method: 'GET',
      path: '/cats/7',
      query: { limit: '5' },
      headers: { authorization: 'Bearer x' },
      body: null,
    });
  });

  it('reads a REST API (payload 1.0) event, as sent when the API sits behind WAF, with a base64 body', () => {
    const request = toApiRequest({
      httpMethod: 'POST',
      path: '/cats',
      headers: { 'Content-Type': 'application/json' },
      queryStringParameters: null,
      body: Buffer.from('{"externalId":"猫-1"}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(request).toEqual({
      method: 'POST',
      path: '/cats',
      query: {},
      headers: { 'content-type': 'application/json' },
      body: '{"externalId":"猫-1"}',
    });
  });
});
