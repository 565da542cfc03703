import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordKinds, stagingColumns } from '../../src/import/recordKinds.js';
import { type StagingBatch, StagingTable } from '../../src/import/StagingTable.js';

const shelter = recordKinds.shelter;
const columns = stagingColumns(shelter);

/** A mapped shelter row with these values (the rest null). */
function shelterRow(line: number, values: Record<string, string | null>): (string | null)[] {
  return columns.map((c) => (c === 'line' ? String(line) : (values[c] ?? null)));
}

/** The COPY text of the batches of a staging table, as rows of values (`\N` read back as null, escapes undone). */
function copiedRows(stage: StagingTable, ...batches: StagingBatch[]): Record<string, string | null>[] {
  const text = Buffer.concat(batches.flatMap((b) => b.chunks)).toString('utf8');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) =>
      Object.fromEntries(
        line
          .split('\t')
          .map((cell, i) => [
            stage.columns[i],
            cell === '\\N'
              ? null
              : cell.replace(/\\([\\tnr])/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c),
          ]),
      ),
    );
}

describe('StagingTable', () => {
  it('writes COPY text with area numbers and first-occurrence flags, escaping free text', () => {
    const stage = new StagingTable(shelter, columns);
    const cat = (id: string, intake: string | null, outcome: string | null, extra = {}) => ({
      external_id: id,
      intake_key: intake,
      outcome_key: outcome,
      prefecture: '東京都',
      municipality: '港区',
      ...extra,
    });
    stage.add(shelterRow(2, cat('A', 'A|1', 'A|2', { name: 'Tab\there\\ and\nnewline' })));
    stage.add(shelterRow(3, cat('B', 'B|1', null, { prefecture: null, municipality: null })));
    const first = stage.takeBatch();
    stage.add(shelterRow(4, cat('A', 'A|1', 'A|3', { district: '芝' })));
    stage.add(shelterRow(5, cat('A', 'A|4', 'A|2')));
    const second = stage.takeBatch();
    const rows = copiedRows(stage, first, second);
    expect([first.rowCount, second.rowCount, stage.pendingRows]).toEqual([2, 2, 0]);
    expect([first.firstAreaNo, first.areas, second.firstAreaNo, second.areas]).toEqual([
      1,
      [['東京都', '港区', '']],
      2,
      [['東京都', '港区', '芝']],
    ]);
    expect(
      rows.map((r) => [r.line, r.area_no, r.first_external_id, r.first_intake_key, r.first_outcome_key]),
    ).toEqual([
      ['2', '1', 't', 't', 't'],
      ['3', null, 't', 't', null],
      ['4', '2', 'f', 'f', 't'],
      ['5', '1', 'f', 't', 'f'],
    ]);
    expect(rows[0]!.name).toBe('Tab\there\\ and\nnewline');
    expect(stage.areas).toEqual([
      ['東京都', '港区', ''],
      ['東京都', '港区', '芝'],
    ]);
    expect(stage.columns).not.toContain('prefecture');
    expect(stage.rowCount).toBe(4);
    expect(stage.keys).toEqual(['external_id', 'intake_key', 'outcome_key']);
    expect(stage.present).toEqual([4, 4, 3]);
    expect(stage.distinct).toEqual([2, 3, 2]);
  });

  it('flags the same first rows as a plain set of every key would, for any file', () => {
    // Keys within their cat (as the shelter kind builds them), over few cats so that repeats are common.
    const row = fc.record({
      cat: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { freq: 8 }),
      intake: fc.option(fc.constantFrom('1', '2', '3'), { freq: 3 }),
      outcome: fc.option(fc.constantFrom('1', '2'), { freq: 3 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (file) => {
        const stage = new StagingTable(shelter, columns);
        file.forEach((r, i) => {
          const key = (part: string | null) => (part === null ? null : `${r.cat ?? ''}\u001f${part}`);
          stage.add(
            shelterRow(i + 2, { external_id: r.cat, intake_key: key(r.intake), outcome_key: key(r.outcome) }),
          );
        });
        const seen = stage.keys.map(() => new Set<string>());
        const copied = copiedRows(stage, stage.takeBatch());
        const expected = copied.map((copied) =>
          stage.keys.map((k, i) => {
            const value = copied[k];
            if (value === null || value === undefined) return null;
            if (seen[i]!.has(value)) return 'f';
            seen[i]!.add(value);
            return 't';
          }),
        );
        const flags = copied.map((row) => stage.keys.map((k) => row[`first_${k}`]));
        expect(flags).toEqual(expected);
        expect(stage.distinct).toEqual(seen.map((s) => s.size));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the rows as arrays only when asked (the row-by-row INSERT comparison)', () => {
    const kept = new StagingTable(shelter, columns, { keepRows: true });
    kept.add(shelterRow(2, { external_id: 'A' }));
    expect(kept.takeBatch().rows).toEqual([expect.arrayContaining(['2', 'A', 't'])]);
    expect(new StagingTable(shelter, columns).takeBatch().rows).toBeUndefined();
  });
});
