import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiGatewayEvent, type ApiGatewayResult, createApiGatewayHandler } from '../../src/api/index.js';
import { CatDataRepository, IntakeType, OutcomeType, openDataRecords } from '../../src/index.js';

/** Lambda's limit on a synchronous invocation's response (6 MB). */
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;
const EVENTS_PER_TABLE = 50_000;

function exportEvent(query: Record<string, string>): ApiGatewayEvent {
  return {
    version: '2.0',
    rawPath: '/export',
    requestContext: { http: { method: 'GET' }, stage: '$default' },
    headers: {},
    queryStringParameters: query,
    body: null,
    isBase64Encoded: false,
  };
}

describe('GET /export at 100k events (issue 11 item 10)', () => {
  let repository: CatDataRepository;
  let handler: (event: ApiGatewayEvent) => Promise<ApiGatewayResult>;

  beforeAll(async () => {
    repository = await CatDataRepository.openPglite();
    // 100k events over long municipality names (three UTF-8 bytes a character), written by SQL in one go.
    await repository.db.query(
      `INSERT INTO cat_data.areas (prefecture, municipality)
       SELECT '北海道', repeat('札幌市中央区', 4) || n FROM generate_series(1, 20) n`,
    );
    await repository.db.query(
      `INSERT INTO cat_data.cats (external_id, sex, area_id) SELECT 'C-' || n, 'female', 1 + n % 20
       FROM generate_series(1, ${EVENTS_PER_TABLE}) n`,
    );
    await repository.db.query(
      `INSERT INTO cat_data.intakes (natural_key, cat_id, area_id, intake_date, intake_type)
       SELECT 'i-' || id, id, area_id, date '2015-01-01' + (id % 3000), $1 FROM cat_data.cats`,
      [IntakeType.options[0]],
    );
    await repository.db.query(
      `INSERT INTO cat_data.outcomes (natural_key, cat_id, area_id, outcome_date, outcome_type)
       SELECT 'o-' || id, id, area_id, date '2015-02-01' + (id % 3000), $1 FROM cat_data.cats`,
      [OutcomeType.options[0]],
    );
    handler = createApiGatewayHandler({ repository, authenticator: { authenticate: async () => null } });
  }, 120_000);
  afterAll(() => repository?.close());

  async function readAllPages(format: 'json' | 'csv') {
    const sizes: number[] = [];
    const rows: string[] = [];
    let cursor: string | null = null;
    do {
      const result = await handler(exportEvent({ format, ...(cursor ? { cursor } : {}) }));
      expect(result.statusCode).toBe(200);
      sizes.push(Buffer.byteLength(JSON.stringify(result)));
      if (format === 'json') {
        const page = JSON.parse(result.body);
        expect(page.count).toBe(page.records.length);
        rows.push(...page.records.map((r: object) => JSON.stringify(r)));
        cursor = page.nextCursor;
      } else {
        const [header, ...lines] = result.body
          .replace(/^\uFEFF/, '')
          .trimEnd()
          .split('\r\n');
        expect(header).toBe('event,month,prefecture,municipality,type,sacGroup,species,sex');
        rows.push(...lines);
        cursor = result.headers['x-next-cursor'] ?? null;
        expect(result.headers.link === undefined).toBe(cursor === null);
      }
    } while (cursor);
    return { sizes, rows };
  }

  it.each([['json'], ['csv']] as const)(
    'answers %s in pages each under Lambda’s 6 MB limit, and the pages hold every event once',
    async (format) => {
      // Prepare: every event, in one list, straight from the database
      const all = await openDataRecords(repository.db, {}, 1_000_000);
      const expected =
        format === 'json'
          ? all.map((r) => JSON.stringify(r))
          : all.map((r) =>
              [r.event, r.month, r.prefecture, r.municipality, r.type, r.sacGroup, r.species, r.sex].join(
                ',',
              ),
            );
      // Act
      const { sizes, rows } = await readAllPages(format);
      // Assess
      expect(all).toHaveLength(2 * EVENTS_PER_TABLE);
      expect(sizes.length).toBeGreaterThan(1);
      expect(sizes.filter((size) => size >= LAMBDA_RESPONSE_LIMIT)).toEqual([]);
      expect(rows).toHaveLength(expected.length);
      expect([...rows].sort()).toEqual([...expected].sort());
    },
    120_000,
  );

  it('refuses a cursor it did not issue and unknown query keys', async () => {
    // Act
    const forged = await handler(exportEvent({ cursor: 'not-a-cursor' }));
    const unknown = await handler(exportEvent({ format: 'csv', utm_source: 'x' }));
    // Assess
    expect([forged.statusCode, JSON.parse(forged.body).error.code]).toEqual([400, 'validation_failed']);
    expect([unknown.statusCode, JSON.parse(unknown.body).error.code]).toEqual([400, 'validation_failed']);
  });
});
