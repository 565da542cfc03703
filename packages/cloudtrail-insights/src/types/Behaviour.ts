import { z } from 'zod';

/**
 * A ranked next-action prediction.
 *
 * @example
 * const [best] = model.predictNext({ identity: 'alice', history: ['ListBuckets'] }, 3);
 * best; // { eventName: 'GetObject', probability: 0.41 }
 */
export const Prediction = z.object({ eventName: z.string(), probability: z.number() });
/** @see Prediction */
export type Prediction = z.infer<typeof Prediction>;

/** A run of calls by one identity without a gap longer than the session gap. */
export const Session = z.object({
  identity: z.string(),
  start: z.string(),
  end: z.string(),
  eventNames: z.array(z.string()),
});
/** @see Session */
export type Session = z.infer<typeof Session>;

/** Kinds of anomaly the model reports. */
export const AnomalyKind = z.enum([
  'first-seen-action',
  'first-seen-ip',
  'first-seen-region',
  'first-seen-user-agent',
  'error-burst',
  'sensitive-action',
]);
/** @see AnomalyKind */
export type AnomalyKind = z.infer<typeof AnomalyKind>;

/**
 * Something unusual for an identity, with the event that showed it.
 *
 * @example
 * for (const a of model.anomalies()) console.log(a.severity, a.kind, a.identity, a.detail);
 */
export const Anomaly = z.object({
  kind: AnomalyKind,
  severity: z.enum(['low', 'medium', 'high']),
  identity: z.string(),
  eventTime: z.string(),
  eventName: z.string(),
  detail: z.string(),
});
/** @see Anomaly */
export type Anomaly = z.infer<typeof Anomaly>;

/**
 * When an identity works: counts by hour x weekday (UTC, row 0 = Sunday), by hour, and the peak hours.
 *
 * @example
 * model.activeHours('alice').peakHoursUtc; // [9, 10, 14]
 */
export const ActiveHours = z.object({
  identity: z.string(),
  hourByWeekday: z.array(z.array(z.number().int())),
  byHourUtc: z.array(z.number().int()),
  peakHoursUtc: z.array(z.number().int()),
  activeWeekdays: z.array(z.number().int()),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  sessions: z.number().int(),
  medianSessionMinutes: z.number(),
});
/** @see ActiveHours */
export type ActiveHours = z.infer<typeof ActiveHours>;

/** One statement of a suggested IAM policy. */
export const PolicyStatement = z.object({
  Sid: z.string(),
  Effect: z.literal('Allow'),
  Action: z.array(z.string()),
  Resource: z.union([z.string(), z.array(z.string())]),
});

/**
 * A least-privilege IAM policy document built from what an identity actually called successfully.
 *
 * @example
 * JSON.stringify(model.suggestPolicy('alice'), null, 2);
 */
export const IamPolicy = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z.array(PolicyStatement),
});
/** @see IamPolicy */
export type IamPolicy = z.infer<typeof IamPolicy>;

/** How well one predictor ranked the calls that followed: top-1/top-3 hit rates, mean reciprocal rank, log-loss. */
export const PredictionScores = z.object({
  top1: z.number(),
  top3: z.number(),
  /** Mean of 1 / rank of the actual call (0 when it was not ranked at all). */
  mrr: z.number(),
  /** Mean negative natural log of the probability given to the actual call (floored at 1e-4). */
  logLoss: z.number(),
});
/** @see PredictionScores */
export type PredictionScores = z.infer<typeof PredictionScores>;

/**
 * How reliable predictions for one identity are: scores of the model on held-out calls (the latest part of the
 * training data, predicted by a model fitted on the earlier part). `basis` says whose calls were held out: the
 * identity's own when it has enough of them, otherwise the whole population's.
 *
 * @example
 * model.reliability('alice'); // { basis: 'identity', heldOutEvents: 120, top1: 0.41, top3: 0.77, ... }
 */
export const Reliability = PredictionScores.extend({
  basis: z.enum(['identity', 'population']),
  heldOutEvents: z.number().int(),
});
/** @see Reliability */
export type Reliability = z.infer<typeof Reliability>;

/**
 * What {@link evaluate} reports: the model against three baselines (most-frequent, first-order Markov, most
 * recent distinct calls of the session), with what the model fitted on its validation split.
 *
 * @example
 * const r = evaluate(events, { trainFraction: 0.7 });
 * console.log(r.model.top3, r.baselines.markov1.top3, r.baselines.recency.top3);
 */
export const EvaluationResult = z.object({
  split: z.enum(['time', 'per-identity']),
  /** The history each test call was predicted from: the identity's recent calls, or the session so far. */
  history: z.enum(['recent', 'session']),
  trainEvents: z.number().int(),
  testEvents: z.number().int(),
  model: PredictionScores,
  baselines: z.object({
    mostFrequent: PredictionScores,
    markov1: PredictionScores,
    recency: PredictionScores,
  }),
  /** Cache half-life (calls) and mixture weights per gap state, chosen on the training data's validation split. */
  fitted: z.object({
    cacheHalfLife: z.number(),
    components: z.array(z.string()),
    weights: z.record(z.string(), z.array(z.number())),
    recencyBackoff: z.boolean(),
  }),
});
/** @see EvaluationResult */
export type EvaluationResult = z.infer<typeof EvaluationResult>;
