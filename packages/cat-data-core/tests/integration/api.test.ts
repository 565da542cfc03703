import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  type MotoServer,
  motoAvailable,
  motoCredentials,
  type PostgresCluster,
  postgresAvailable,
  startMoto,
  startPostgres,
} from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiGatewayEvent,
  type ApiGatewayResult,
  CognitoAuthenticator,
  createApiGatewayHandler,
  createImportHandler,
  handlerFromEnvironment,
  RawCsvStore,
} from '../../src/api/index.js';
import { CatDataRepository } from '../../src/index.js';
import { createCognitoPool } from '../support/cognito.js';
import { fixtureBytes, fixtureMapping } from '../support/fixtures.js';

const hasMoto = motoAvailable();

function event(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; query?: Record<string, string> } = {},
): ApiGatewayEvent {
  return {
    version: '2.0',
    rawPath: path,
    requestContext: { http: { method }, stage: '$default' },
    headers: {
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    queryStringParameters: options.query ?? null,
    body:
      options.body === undefined
        ? null
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}
const bodyOf = (result: ApiGatewayResult) => JSON.parse(result.body);

describe.skipIf(!hasMoto)('API handler with Cognito tokens from moto, S3 in moto and PGlite', () => {
  let moto: MotoServer;
  let repository: CatDataRepository;
  let handler: (event: ApiGatewayEvent) => Promise<ApiGatewayResult>;
  let s3: S3Client;
  let staff: string;
  /** What S3 does with a run request: its event invokes the import function (here: directly, with that event). */
  async function deliverRunRequest(importId: number) {
    const key = `runs/${importId}.json`;
    const request = await s3.send(new GetObjectCommand({ Bucket: 'cat-data-v23', Key: key }));
    expect(JSON.parse(await request.Body!.transformToString())).toEqual({ importId });
    const importFunction = createImportHandler({
      repository,
      rawStore: new RawCsvStore({ bucket: 'cat-data-v23', client: s3 }),
    });
    return importFunction({ Records: [{ s3: { bucket: { name: 'cat-data-v23' }, object: { key } } }] });
  }
  let viewer: string;
  let outsider: string;
  let otherPoolToken: string;
  const savedEndpoint = process.env.AWS_ENDPOINT_URL;

  beforeAll(async () => {
    moto = await startMoto();
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    const pool = await createCognitoPool(moto.endpoint);
    staff = await pool.signIn('alice', ['staff']);
    viewer = await pool.signIn('bob', ['viewer']);
    outsider = await pool.signIn('carol', []);
    const otherPool = await createCognitoPool(moto.endpoint);
    otherPoolToken = await otherPool.signIn('mallory', ['staff']);
    s3 = new S3Client({ ...motoCredentials, endpoint: moto.endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'cat-data-v23' }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'cat-data-v23',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    repository = await CatDataRepository.openPglite();
    handler = createApiGatewayHandler({
      repository,
      authenticator: new CognitoAuthenticator({
        userPoolId: pool.userPoolId,
        clientId: pool.clientId,
        // Test-only: moto's signing keys (AWS_ENDPOINT_URL* never chooses them).
        testJwksUrl: `${moto.endpoint}/${pool.userPoolId}/.well-known/jwks.json`,
      }),
      rawStore: new RawCsvStore({ bucket: 'cat-data-v23', client: s3 }),
      corsOrigin: 'https://dashboard.example',
    });
  });
  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = savedEndpoint;
    await repository?.close();
    await moto?.stop();
  });

  it('lets the public read statistics but not records', async () => {
    const stats = await handler(event('GET', '/stats/ministry'));
    const cats = await handler(event('GET', '/cats'));
    expect(stats.statusCode).toBe(200);
    expect(stats.headers['access-control-allow-origin']).toBe('https://dashboard.example');
    // The dashboard reads the export's next page from these headers.
    expect(stats.headers['access-control-expose-headers']).toBe('link, x-next-cursor');
    expect(bodyOf(stats)).toEqual([]);
    expect(cats.statusCode).toBe(401);
    // The one error body of the @mv/* APIs, with the request id to quote.
    expect(bodyOf(cats)).toEqual({
      error: {
        code: 'unauthorized',
        message: expect.stringContaining('Cognito'),
        requestId: expect.any(String),
      },
    });
  });

  it('checks groups: viewer reads, staff writes, a user in no group does neither', async () => {
    // Act
    const created = await handler(
      event('POST', '/cats', {
        token: staff,
        body: { externalId: 'T-1', sex: 'female', area: { prefecture: '東京都', municipality: '港区' } },
      }),
    );
    const byViewer = await handler(event('POST', '/cats', { token: viewer, body: { externalId: 'T-2' } }));
    const listed = await handler(event('GET', '/cats', { token: viewer, query: { limit: '10' } }));
    const one = await handler(event('GET', `/cats/${bodyOf(created).id}`, { token: viewer }));
    const byOutsider = await handler(event('GET', '/cats', { token: outsider }));
    // Assess
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`/cats/${bodyOf(created).id}`);
    expect(byViewer.statusCode).toBe(403);
    expect(bodyOf(listed)).toMatchObject({ items: [{ externalId: 'T-1' }], nextCursor: null });
    expect(bodyOf(one)).toMatchObject({ externalId: 'T-1', sex: 'female', area: { municipality: '港区' } });
    expect(byOutsider.statusCode).toBe(403);
  });

  it('refuses tampered tokens and tokens of another user pool without saying why', async () => {
    const [header, payload, signature] = staff.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['staff', 'admin'] })).toString('base64url')}.${signature}`;
    for (const token of [forged, otherPoolToken, 'not-a-jwt']) {
      const result = await handler(event('GET', '/cats', { token }));
      expect(result.statusCode).toBe(401);
      expect(result.body).not.toMatch(/signature|issuer|iss|jwks/i);
    }
  });

  it('answers clear 4xx errors for bad input', async () => {
    const cases: [ApiGatewayEvent, number, string][] = [
      [
        event('POST', '/cats', { token: staff, body: { externalId: '', microchip: '12' } }),
        400,
        'validation_failed',
      ],
      [event('POST', '/cats', { token: staff, body: '{not json' }), 400, 'validation_failed'],
      [event('POST', '/cats', { token: staff, body: { externalId: 'T-1' } }), 409, 'conflict'],
      [event('GET', '/cats/abc', { token: viewer }), 400, 'validation_failed'],
      [event('GET', '/cats/99999', { token: viewer }), 404, 'not_found'],
      [event('GET', '/cats', { token: viewer, query: { limit: '5000' } }), 400, 'validation_failed'],
      [event('GET', '/stats/weekly'), 404, 'not_found'],
      [event('GET', '/stats/summary', { query: { from: '2024-02-30' } }), 400, 'validation_failed'],
      [event('DELETE', '/cats'), 405, 'method_not_allowed'],
      [event('GET', '/nowhere'), 404, 'not_found'],
    ];
    for (const [request, status, code] of cases) {
      const result = await handler(request);
      expect([request.rawPath, result.statusCode, bodyOf(result).error.code]).toEqual([
        request.rawPath,
        status,
        code,
      ]);
    }
    const invalid = bodyOf(
      await handler(event('POST', '/cats', { token: staff, body: { externalId: '', microchip: '12' } })),
    );
    expect(invalid.error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.externalId',
      'body.microchip',
    ]);
  });

  it('imports through a presigned upload, keeps the raw CSV version, and exports open data without personal data', async () => {
    // Prepare: the staff member asks for an upload URL
    const created = await handler(
      event('POST', '/imports', {
        token: staff,
        body: { fileName: 'shelter-sjis.csv', mapping: fixtureMapping('shelter-sjis.mapping.json') },
      }),
    );
    expect(created.statusCode).toBe(201);
    const { importId, upload } = bodyOf(created);
    expect(upload.url).toMatch(new RegExp(`^${moto.endpoint}/cat-data-v23/raw/`));
    expect(upload.url).toContain('X-Amz-Signature=');
    const early = await handler(event('POST', `/imports/${importId}/run`, { token: staff }));
    expect(early.statusCode).toBe(409);
    // Act: upload the bytes directly to S3, then run the import
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body: fixtureBytes('shelter-sjis.csv'),
    });
    expect(put.status).toBe(200);
    const ran = await handler(event('POST', `/imports/${importId}/run`, { token: staff, body: {} }));
    const queued = bodyOf(await handler(event('GET', `/imports/${importId}`, { token: staff })));
    const twice = await handler(event('POST', `/imports/${importId}/run`, { token: staff, body: {} }));
    const worked = await deliverRunRequest(importId);
    const redelivered = await deliverRunRequest(importId);
    const again = await handler(event('POST', `/imports/${importId}/run`, { token: staff, body: {} }));
    const record = await handler(event('GET', `/imports/${importId}`, { token: staff }));
    const exportedCsv = await handler(event('GET', '/export', { query: { format: 'csv' } }));
    const exportedJson = await handler(event('GET', '/export'));
    // Assess: the API only queues (202); the import function imports; GET /imports/{id} reports where it is
    expect(ran.statusCode).toBe(202);
    expect(bodyOf(ran)).toEqual({ importId, status: 'queued', location: `/imports/${importId}` });
    expect(queued).toMatchObject({ status: 'queued', attempts: 0, rowsRead: 0 });
    expect(twice.statusCode).toBe(409);
    expect(worked).toEqual({ imports: [{ importId, status: 'completed' }] });
    expect(redelivered).toEqual({ imports: [{ importId, status: 'skipped' }] });
    expect(again.statusCode).toBe(409);
    expect(bodyOf(record)).toMatchObject({
      attempts: 1,
      error: null,
      startedAt: expect.any(String),
      recordsAdded: 18,
    });
    expect(bodyOf(record)).toMatchObject({
      status: 'completed',
      createdBy: 'alice',
      rawObject: {
        bucket: 'cat-data-v23',
        key: expect.stringMatching(/^raw\/\d{4}-\d{2}-\d{2}\/.+_shelter-sjis\.csv$/),
        versionId: expect.any(String),
      },
    });
    expect(exportedCsv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = exportedCsv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('event,month,prefecture,municipality,type,sacGroup,species,sex');
    expect(lines).toHaveLength(1 + 12); // header, 6 intakes and 6 outcomes (the cat T-1 has no events)
    expect(lines).toContain('intake,2023-04,東京都,八王子市,stray,Stray/At Large,cat,female');
    expect(exportedCsv.body).not.toMatch(/R5-00|T-1|三毛|2023-04-01/);
    const json = bodyOf(exportedJson);
    expect(json.count).toBe(12);
    expect(Object.keys(json.records[0]).sort()).toEqual([
      'event',
      'month',
      'municipality',
      'prefecture',
      'sacGroup',
      'sex',
      'species',
      'type',
    ]);
  });

  it('keeps an import pending when its rows are invalid, so it can be re-run with skipInvalid', async () => {
    const created = bodyOf(
      await handler(
        event('POST', '/imports', {
          token: staff,
          body: { fileName: 'edge.csv', mapping: fixtureMapping('shelter-edge-cases.mapping.json') },
        }),
      ),
    );
    await fetch(created.upload.url, {
      method: 'PUT',
      headers: created.upload.headers,
      body: fixtureBytes('shelter-edge-cases.csv'),
    });
    const rejected = await handler(event('POST', `/imports/${created.importId}/run`, { token: staff }));
    await deliverRunRequest(created.importId);
    const failed = bodyOf(await handler(event('GET', `/imports/${created.importId}`, { token: staff })));
    const accepted = await handler(
      event('POST', `/imports/${created.importId}/run`, { token: staff, body: { skipInvalid: true } }),
    );
    await deliverRunRequest(created.importId);
    const completed = bodyOf(await handler(event('GET', `/imports/${created.importId}`, { token: staff })));
    expect(rejected.statusCode).toBe(202);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'import_rejected', details: [{ line: 5 }, { line: 6 }, { line: 7 }, { line: 9 }] },
    });
    expect(accepted.statusCode).toBe(202);
    expect(completed).toMatchObject({ status: 'completed', rowsInvalid: 4, attempts: 2, error: null });
    const badMapping = await handler(
      event('POST', '/imports', {
        token: staff,
        body: { fileName: 'x.csv', mapping: { version: 1, kind: 'shelter', columns: {} } },
      }),
    );
    expect(badMapping.statusCode).toBe(400);
    expect(bodyOf(badMapping).error.message).toContain('needs "externalId"');
  });

  it('answers CORS preflight without authentication', async () => {
    const result = await handler(event('OPTIONS', '/cats'));
    expect(result.statusCode).toBe(204);
    expect(result.headers['access-control-allow-headers']).toContain('authorization');
  });
});

const hasPostgres = postgresAvailable();

describe.skipIf(!hasMoto || !hasPostgres)(
  'the Lambda handler configured from its environment (PostgreSQL, moto)',
  () => {
    let moto: MotoServer;
    let cluster: PostgresCluster;
    const saved = { ...process.env };
    beforeAll(async () => {
      [moto, cluster] = await Promise.all([startMoto(), startPostgres()]);
      Object.assign(process.env, {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_REGION: motoCredentials.region,
        AWS_ACCESS_KEY_ID: motoCredentials.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: motoCredentials.credentials.secretAccessKey,
      });
    });
    afterAll(async () => {
      process.env = { ...saved };
      await Promise.all([moto?.stop(), cluster?.stop()]);
    });

    it('migrates on first use, serves public statistics and checks tokens of the configured pool', async () => {
      // Prepare
      const pool = await createCognitoPool(moto.endpoint);
      const token = await pool.signIn('dora', ['staff']);
      const handler = handlerFromEnvironment({
        DATABASE_URL: cluster.connectionString,
        COGNITO_USER_POOL_ID: pool.userPoolId,
        COGNITO_CLIENT_IDS: `${pool.clientId}, other-client`,
        COGNITO_TEST_JWKS_URL: `${moto.endpoint}/${pool.userPoolId}/.well-known/jwks.json`,
        CORS_ORIGIN: 'https://d111111abcdef8.cloudfront.net',
      });
      // Act
      const stats = await handler(event('GET', '/stats/summary'));
      const created = await handler(event('POST', '/cats', { token, body: { externalId: 'ENV-1' } }));
      const anonymous = await handler(event('GET', '/cats'));
      const uploads = await handler(
        event('POST', '/imports', { token, body: { fileName: 'a.csv', mapping: {} } }),
      );
      // Assess
      expect(stats.statusCode).toBe(200);
      expect(bodyOf(stats)).toMatchObject({ intakes: 0, outcomes: 0, liveReleaseRate: null });
      expect(stats.headers['access-control-allow-origin']).toBe('https://d111111abcdef8.cloudfront.net');
      expect(created.statusCode).toBe(201);
      expect(anonymous.statusCode).toBe(401);
      expect(uploads.statusCode).toBe(501); // no RAW_CSV_BUCKET configured
    });
  },
);
