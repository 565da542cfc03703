import type { SqlSession } from './SqlDatabase.js';

/** An area's prefecture, municipality and district (`''` for none). @internal */
export type AreaTriple = readonly [prefecture: string, municipality: string, district: string];

/**
 * The ids of these areas, adding those not stored yet. Areas are reference data shared by every import and API
 * call, so two transactions may add the same one at once: `ON CONFLICT DO NOTHING` waits for the other, and an area
 * it committed meanwhile, invisible to the first statement's snapshot, is read by a second statement.
 *
 * @example
 * const [areaId] = await resolveAreas(session, [['東京都', '港区', '']]);
 * @internal
 */
export async function resolveAreas(s: SqlSession, areas: readonly AreaTriple[]): Promise<number[]> {
  const columns = [0, 1, 2].map((i) => areas.map((area) => area[i]));
  const keyOf = (p: string, m: string, d: string) => `${p}\u001f${m}\u001f${d}`;
  const ids = new Map<string, number>();
  const select = `SELECT a.id, a.prefecture, a.municipality, a.district FROM cat_data.areas a
    JOIN unnest($1::text[], $2::text[], $3::text[]) AS v (prefecture, municipality, district)
    USING (prefecture, municipality, district)`;
  type AreaRow = { id: number; prefecture: string; municipality: string; district: string };
  const remember = (rows: AreaRow[]) => {
    for (const r of rows) ids.set(keyOf(r.prefecture, r.municipality, r.district), r.id);
  };
  remember(
    await s.query<AreaRow>(
      `WITH ins AS (INSERT INTO cat_data.areas (prefecture, municipality, district)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING
                    RETURNING id, prefecture, municipality, district)
       SELECT * FROM ins UNION ALL ${select}`,
      columns,
    ),
  );
  if (ids.size < areas.length) remember(await s.query<AreaRow>(select, columns));
  return areas.map(([p, m, d]) => {
    const id = ids.get(keyOf(p, m, d));
    if (id === undefined) throw new Error(`area ${p} ${m} ${d} was neither added nor found`);
    return id;
  });
}
