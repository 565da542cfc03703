import { z } from 'zod';
import { ActivitySummary, KeyCount } from './ActivitySummary.js';
import { ActiveHours, Anomaly, Prediction } from './Behaviour.js';

/** What the analysis says about one identity. */
export const IdentityReport = z.object({
  identity: z.string(),
  events: z.number().int(),
  errors: z.number().int(),
  topActions: z.array(KeyCount),
  activeHours: ActiveHours,
  /** Likely next calls after the identity's latest session. */
  predictedNext: z.array(Prediction),
  lastSession: z.array(z.string()),
  anomalies: z.array(Anomaly),
});
/** @see IdentityReport */
export type IdentityReport = z.infer<typeof IdentityReport>;

/**
 * The deterministic analysis of a set of events: counts, per-identity profiles with predictions and anomalies.
 * It is what the MCP tools, the web UI and the Claude prompt are built from.
 *
 * @example
 * const report = analyzeActivity(events, { identity: 'alice' });
 * report.identities[0].predictedNext;
 */
export const ActivityReport = z.object({
  summary: ActivitySummary,
  identities: z.array(IdentityReport),
  anomalies: z.object({ total: z.number().int(), high: z.number().int(), byKind: z.array(KeyCount) }),
});
/** @see ActivityReport */
export type ActivityReport = z.infer<typeof ActivityReport>;
