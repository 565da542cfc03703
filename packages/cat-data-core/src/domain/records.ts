import * as z from 'zod';
import { CatStatus, ConsultationCategory, IntakeType, OutcomeType, Sex, Species } from './categories.js';

/** A calendar date `YYYY-MM-DD` (no time zone: shelters record local dates). */
export const IsoDate = z.iso.date();

/**
 * Where something happened: prefecture, municipality and optionally a ward or district.
 *
 * @example
 * Area.parse({ prefecture: '東京都', municipality: '世田谷区' });
 */
export const Area = z.object({
  prefecture: z.string().trim().min(1).max(40),
  municipality: z.string().trim().min(1).max(80),
  district: z.string().trim().max(80).default(''),
});
/** An {@link Area}. */
export type Area = z.infer<typeof Area>;

/**
 * What a caller supplies to register a cat (`POST /cats`).
 *
 * @example
 * NewCat.parse({ externalId: 'A-1', sex: 'female', colour: 'tabby', area: { prefecture: '東京都', municipality: '港区' } });
 */
export const NewCat = z.object({
  externalId: z.string().trim().min(1).max(100),
  name: z.string().trim().max(100).nullish(),
  species: Species.default('cat'),
  sex: Sex.default('unknown'),
  estimatedBirth: IsoDate.nullish(),
  colour: z.string().trim().max(60).nullish(),
  pattern: z.string().trim().max(60).nullish(),
  earTipped: z.boolean().default(false),
  microchip: z
    .string()
    .trim()
    .regex(/^[0-9]{15}$/, 'a microchip number has 15 digits')
    .nullish(),
  status: CatStatus.default('in_care'),
  area: Area.nullish(),
});
/** Input of {@link NewCat}. */
export type NewCat = z.input<typeof NewCat>;

/**
 * A stored cat.
 *
 * @example
 * const cat: Cat = await repository.getCat(1);
 */
export const Cat = NewCat.extend({
  id: z.number().int(),
  // A stored external id carries its import's id prefix, so it may be longer than one given to POST /cats.
  externalId: z.string(),
  name: z.string().nullable(),
  estimatedBirth: IsoDate.nullable(),
  colour: z.string().nullable(),
  pattern: z.string().nullable(),
  microchip: z.string().nullable(),
  species: Species,
  sex: Sex,
  earTipped: z.boolean(),
  status: CatStatus,
  area: Area.nullable(),
  createdAt: z.string(),
});
/** A stored {@link Cat}. */
export type Cat = z.infer<typeof Cat>;

/**
 * The shelter's own number of one stay (an impound or intake number): it tells apart two stays of a cat on one day.
 *
 * @example
 * StayId.parse('K24-0153');
 */
export const StayId = z.string().trim().min(1).max(100);

/**
 * One intake of a cat.
 *
 * @example
 * Intake.parse({ catExternalId: 'A-1', date: '2024-04-01', type: 'stray' });
 */
export const Intake = z.object({
  catExternalId: z.string().min(1),
  date: IsoDate,
  type: IntakeType,
  stayId: StayId.nullish(),
  condition: z.string().max(60).nullish(),
});
/** An {@link Intake}. */
export type Intake = z.infer<typeof Intake>;

/**
 * One outcome of a stay.
 *
 * @example
 * Outcome.parse({ catExternalId: 'A-1', date: '2024-05-10', type: 'adoption' });
 */
export const Outcome = z.object({
  catExternalId: z.string().min(1),
  date: IsoDate,
  type: OutcomeType,
  stayId: StayId.nullish(),
  subtype: z.string().max(60).nullish(),
});
/** An {@link Outcome}. */
export type Outcome = z.infer<typeof Outcome>;

/**
 * A TNR (trap-neuter-return) operation.
 *
 * @example
 * TnrOperation.parse({ trappedOn: '2024-06-01', releasedOn: '2024-06-03', earTipped: true });
 */
export const TnrOperation = z.object({
  catExternalId: z.string().max(100).nullish(),
  colony: z.string().max(100).nullish(),
  trappedOn: IsoDate,
  surgeryOn: IsoDate.nullish(),
  releasedOn: IsoDate.nullish(),
  earTipped: z.boolean(),
});
/** A {@link TnrOperation}. */
export type TnrOperation = z.infer<typeof TnrOperation>;

/**
 * A sighting of community cats, at a colony, an area, or a point.
 *
 * @example
 * Sighting.parse({ date: '2024-06-01', count: 7, colony: '北公園' });
 */
export const Sighting = z.object({
  colony: z.string().max(100).nullish(),
  date: IsoDate,
  count: z.number().int().min(0).max(100_000),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
});
/** A {@link Sighting}. */
export type Sighting = z.infer<typeof Sighting>;

/**
 * A consultation or complaint (苦情・相談) received by the municipality.
 *
 * @example
 * Consultation.parse({ date: '2024-06-01', category: 'nuisance' });
 */
export const Consultation = z.object({
  date: IsoDate,
  category: ConsultationCategory,
  summary: z.string().max(2000).nullish(),
});
/** A {@link Consultation}. */
export type Consultation = z.infer<typeof Consultation>;

/** One published annual figure: a count of animals. */
const AnnualFigure = z.number().int().min(0).max(10_000_000).nullish();

/**
 * Published annual figures (e.g. the Ministry of the Environment's national table) kept beside the records so that
 * local statistics can be read against them.
 *
 * @example
 * PublishedAnnualFigures.parse({ fiscalYear: 2023, species: 'cat', euthanised: 6899 });
 */
export const PublishedAnnualFigures = z.object({
  fiscalYear: z.number().int().min(1900).max(2200),
  species: z.enum(['cat', 'dog', 'dog_and_cat']),
  intake: AnnualFigure,
  intakeFromOwner: AnnualFigure,
  returned: AnnualFigure,
  transferred: AnnualFigure,
  euthanised: AnnualFigure,
});
/** {@link PublishedAnnualFigures}. */
export type PublishedAnnualFigures = z.infer<typeof PublishedAnnualFigures>;
