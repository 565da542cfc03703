import { describe, expect, it } from 'vitest';
import {
  ATHENA_COLUMNS,
  PROJECTION_KEYS,
  TRAIL_FOLDER,
} from '../../packages/cloudtrail-insights/src/query/tableLayout.ts';
import { loadTemplate, resource } from './support/loadTemplate.ts';
import { resolverFor } from './support/resolveIntrinsics.ts';

// The package's Athena engine writes its SQL against tableLayout.ts; the template must define that table.
const template = loadTemplate('cloudtrail-insights/athena.yaml');
const organisation = {
  TrailBucketName: 'trail-bucket',
  AccountIds: '111122223333',
  StartDate: '2024/01/01',
  OrganizationId: 'o-a1b2c3d4e5',
};

// biome-ignore lint/suspicious/noExplicitAny: resolved template properties are arbitrary JSON
type Json = any;
const tableInput = (resolverFor(template, organisation)(resource(template, 'Table').Properties) as Json)
  .TableInput;

describe('athena.yaml defines the table the package queries (issue 13 item 3)', () => {
  it('has every column the package reads', () => {
    // Prepare
    const columns = tableInput.StorageDescriptor.Columns.map((c: Json) => c.Name);

    // Act
    const missing = Object.values(ATHENA_COLUMNS).filter((name) => !columns.includes(name));

    // Assess
    expect(missing).toEqual([]);
  });

  it('partitions by the keys the package prunes on, in the format it writes', () => {
    // Prepare
    const keys = tableInput.PartitionKeys.map((k: Json) => k.Name);

    // Act
    const format = tableInput.Parameters[`projection.${PROJECTION_KEYS.date}.format`];

    // Assess
    expect(keys).toEqual([PROJECTION_KEYS.account, PROJECTION_KEYS.region, PROJECTION_KEYS.date]);
    expect(format).toBe('yyyy/MM/dd');
  });

  it('projects onto the folders the package recognises as trail folders', () => {
    // Prepare
    const location: string = tableInput.Parameters['storage.location.template'];

    // Act
    const folder = `${location
      .replace('s3://trail-bucket/', '')
      .replace(`\${${PROJECTION_KEYS.account}}`, '111122223333')
      .replace(`\${${PROJECTION_KEYS.region}}`, 'eu-west-1')
      .replace(`\${${PROJECTION_KEYS.date}}`, '2024/05/01')}/`;

    // Assess
    expect(TRAIL_FOLDER.exec(folder)?.slice(1)).toEqual(['111122223333', 'eu-west-1', '2024', '05', '01']);
  });
});