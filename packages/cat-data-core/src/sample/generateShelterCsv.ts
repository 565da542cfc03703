import type { ImportMappingInput } from '../import/ImportMapping.js';

/** Options of {@link generateShelterCsv}. */
export interface GenerateShelterCsvOptions {
  /** Number of data rows. */
  rows: number;
  /** Same seed, same file. */
  seed?: number;
  /** First intake date (ISO); intakes spread over `days` days from it. */
  start?: string;
  days?: number;
  /** Areas to spread rows over. */
  areas?: readonly { prefecture: string; municipality: string; district?: string }[];
}

const defaultAreas = [
  { prefecture: '東京都', municipality: '世田谷区', district: '' },
  { prefecture: '東京都', municipality: '杉並区', district: '' },
  { prefecture: '神奈川県', municipality: '横浜市', district: '港北区' },
  { prefecture: '神奈川県', municipality: '横浜市', district: '青葉区' },
];
// Weights shaped like the Ministry's national cat figures (most intakes are of unknown owner; most outcomes are
// transfers/adoptions) so the synthetic statistics look plausible.
const intakeTypes = [
  ['stray', 62],
  ['owner_surrender', 30],
  ['injured', 5],
  ['transfer_in', 3],
] as const;
const outcomeTypes = [
  ['adoption', 55],
  ['transfer_out', 20],
  ['return_to_owner', 3],
  ['return_to_field', 6],
  ['euthanasia', 8],
  ['died', 8],
] as const;
const colours = ['キジトラ', '茶トラ', '三毛', '黒', '白', 'サビ', 'ハチワレ'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generates a SYNTHETIC shelter CSV (header `animal_id,species,sex,colour,intake_date,intake_type,outcome_date,
 * outcome_type,prefecture,municipality,district`), for demos and benchmarks when no real records are at hand. About
 * one row in 20 is a dog, so the species filter has something to do; one in 10 cats is still in care (no outcome).
 *
 * @example
 * const csv = generateShelterCsv({ rows: 1000, seed: 1 });
 * await importCsv(repository, { bytes: new TextEncoder().encode(csv), mapping: sampleShelterMapping });
 */
export function generateShelterCsv(options: GenerateShelterCsvOptions): string {
  const random = mulberry32(options.seed ?? 1);
  const areas = options.areas ?? defaultAreas;
  const start = Date.parse(`${options.start ?? '2022-04-01'}T00:00:00Z`);
  const days = options.days ?? 3 * 365;
  const pick = <T extends string>(weighted: readonly (readonly [T, number])[]): T => {
    const total = weighted.reduce((sum, [, w]) => sum + w, 0);
    let r = random() * total;
    for (const [value, weight] of weighted) {
      r -= weight;
      if (r < 0) return value;
    }
    return weighted[0]![0];
  };
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const lines = [
    'animal_id,species,sex,colour,intake_date,intake_type,outcome_date,outcome_type,prefecture,municipality,district',
  ];
  for (let i = 1; i <= options.rows; i++) {
    const area = areas[Math.floor(random() * areas.length)]!;
    const intake = start + Math.floor(random() * days) * 86_400_000;
    const stay = Math.floor(-Math.log(1 - random()) * 30);
    const inCare = random() < 0.1;
    const species = random() < 0.05 ? 'Dog' : 'Cat';
    const sex = ['male', 'female', 'unknown'][Math.floor(random() * 3)];
    const colour = colours[Math.floor(random() * colours.length)];
    lines.push(
      [
        `S${String(i).padStart(7, '0')}`,
        species,
        sex,
        colour,
        day(intake),
        pick(intakeTypes),
        inCare ? '' : day(intake + stay * 86_400_000),
        inCare ? '' : pick(outcomeTypes),
        area.prefecture,
        area.municipality,
        area.district ?? '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The mapping of {@link generateShelterCsv}'s layout.
 *
 * @example
 * await importCsv(repository, { bytes, mapping: sampleShelterMapping });
 */
export const sampleShelterMapping: ImportMappingInput = {
  version: 1,
  kind: 'shelter',
  dateFormat: 'ISO',
  species: { column: 'species', include: ['Cat'] },
  columns: {
    externalId: 'animal_id',
    sex: 'sex',
    colour: 'colour',
    intakeDate: 'intake_date',
    intakeType: 'intake_type',
    outcomeDate: 'outcome_date',
    outcomeType: 'outcome_type',
    prefecture: 'prefecture',
    municipality: 'municipality',
    district: 'district',
  },
};
