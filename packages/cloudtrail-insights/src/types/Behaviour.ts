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

/** Top-1 / top-3 accuracy of one predictor. */
export const Accuracy = z.object({ top1: z.number(), top3: z.number() });
/** @see Accuracy */
export type Accuracy = z.infer<typeof Accuracy>;

/**
 * What {@link evaluate} reports: the model against the most-frequent and first-order Markov baselines.
 *
 * @example
 * const r = evaluate(events, { trainFraction: 0.7 });
 * console.log(r.model.top1, r.baselines.markov1.top1);
 */
export const EvaluationResult = z.object({
  split: z.enum(['time', 'per-identity']),
  trainEvents: z.number().int(),
  testEvents: z.number().int(),
  model: Accuracy,
  baselines: z.object({ mostFrequent: Accuracy, markov1: Accuracy }),
});
/** @see EvaluationResult */
export type EvaluationResult = z.infer<typeof EvaluationResult>;
