import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTemplate, resource } from './support/loadTemplate.ts';
import { resolverFor } from './support/resolveIntrinsics.ts';

const template = loadTemplate('cloudtrail-insights/athena.yaml');
const single = { TrailBucketName: 'trail-bucket', AccountIds: '111122223333', StartDate: '2024/01/01' };
const organisation = {
  ...single,
  OrganizationId: 'o-a1b2c3d4e5',
  AccountIds: '111122223333,444455556666',
  TrailPrefix: 'org-trail/',
};
// Where CloudTrail delivers: <prefix>AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/<file>.
const deliveredKey = (prefix: string, org: string, account: string) =>
  `${prefix}AWSLogs/${org}${account}/CloudTrail/eu-west-1/2024/05/01/${account}_CloudTrail_eu-west-1_20240501T0005Z_Ab12.json.gz`;

// biome-ignore lint/suspicious/noExplicitAny: resolved template properties are arbitrary JSON
type Json = any;

function tableInput(given: Record<string, string>): Json {
  return (resolverFor(template, given)(resource(template, 'Table').Properties) as Json).TableInput;
}

/** Matches a key against storage.location.template, as Athena's projection does; gives the partition values. */
function project(locationTemplate: string, bucket: string, key: string): Record<string, string> | undefined {
  const pattern = locationTemplate
    .replace(/[.*+?^()|[\]\\]/g, '\\$&')
    .replace(/\$\{(account|region|timestamp)\}/g, (_, name: string) =>
      name === 'timestamp' ? '(?<timestamp>[0-9]{4}/[0-9]{2}/[0-9]{2})' : `(?<${name}>[^/]+)`,
    );
  return new RegExp(`^${pattern}/[^/]+$`).exec(`s3://${bucket}/${key}`)?.groups;
}

describe('CloudTrail table with partition projection (issue 13 item 3)', () => {
  it.each([
    ['a single-account trail', single, '', ''],
    ['an organisation trail with a prefix', organisation, 'org-trail/', 'o-a1b2c3d4e5/'],
  ])('projects the delivery layout of %s onto account, region and timestamp', (_, given, prefix, org) => {
    // Prepare
    const input = tableInput(given);
    const key = deliveredKey(prefix, org, '111122223333');

    // Act
    const partition = project(input.Parameters['storage.location.template'], 'trail-bucket', key);

    // Assess
    expect(input.PartitionKeys.map((k: Json) => k.Name)).toEqual(['account', 'region', 'timestamp']);
    expect(partition).toEqual({ account: '111122223333', region: 'eu-west-1', timestamp: '2024/05/01' });
    expect(input.Parameters['projection.account.values'].split(',')).toContain(partition?.account);
    expect(input.Parameters['projection.region.values'].split(',')).toContain(partition?.region);
    expect(`s3://trail-bucket/${key}`.startsWith(input.StorageDescriptor.Location)).toBe(true);
  });

  it('projects days in the folder format from the start date to today', () => {
    // Prepare
    const parameters = tableInput(single).Parameters;

    // Act
    const projection = Object.fromEntries(
      Object.entries(parameters).filter(([name]) => name.startsWith('projection.')),
    );

    // Assess
    expect(projection).toMatchObject({
      'projection.enabled': 'true',
      'projection.account.type': 'enum',
      'projection.region.type': 'enum',
      'projection.timestamp.type': 'date',
      'projection.timestamp.format': 'yyyy/MM/dd',
      'projection.timestamp.range': '2024/01/01,NOW',
      'projection.timestamp.interval.unit': 'DAYS',
    });
  });

  it('does not project digest or Insights files, which live beside CloudTrail/', () => {
    // Prepare
    const template = tableInput(organisation).Parameters['storage.location.template'];
    const digest = deliveredKey('org-trail/', 'o-a1b2c3d4e5/', '111122223333').replace(
      '/CloudTrail/',
      '/CloudTrail-Digest/',
    );

    // Act
    const partition = project(template, 'trail-bucket', digest);

    // Assess
    expect(partition).toBeUndefined();
  });

  it('has the standard CloudTrail columns, and one for every field of the committed real records', () => {
    // Prepare
    const samples = fileURLToPath(
      new URL('../../packages/cloudtrail-insights/samples/stratus-red-team/', import.meta.url),
    );
    const fields = new Set<string>();
    for (const file of readdirSync(samples).filter((f) => f.endsWith('.json'))) {
      const parsed = JSON.parse(readFileSync(`${samples}${file}`, 'utf8'));
      const records: Json[] = Array.isArray(parsed) ? parsed : (parsed.Records ?? []);
      for (const record of records) for (const field of Object.keys(record)) fields.add(field.toLowerCase());
    }

    // Act
    const columns: string[] = tableInput(single).StorageDescriptor.Columns.map((c: Json) => c.Name);

    // Assess
    expect(fields.size).toBeGreaterThan(10);
    expect(columns).toEqual(expect.arrayContaining([...fields]));
    expect(columns).toEqual(
      expect.arrayContaining(['eventversion', 'useridentity', 'eventtime', 'sharedeventid', 'vpcendpointid']),
    );
  });

  it('types the nested identity, resources and TLS fields the analyses read', () => {
    // Prepare
    const columns = tableInput(single).StorageDescriptor.Columns as Json[];

    // Act
    const type = (name: string) => columns.find((c) => c.Name === name)?.Type as string;

    // Assess
    expect(type('useridentity')).toMatch(
      /^struct<type:string,principalid:string,arn:string,accountid:string,/,
    );
    expect(type('useridentity')).toContain('sessionissuer:struct<type:string,principalid:string,arn:string');
    expect(type('resources')).toBe('array<struct<arn:string,accountid:string,type:string>>');
    expect(type('tlsdetails')).toBe(
      'struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>',
    );
  });
});