import { z } from 'zod';
import type { ClaudeAnalysisResult } from '../bedrock/ClaudeAnalyst.js';
import type { ActivityReport } from '../types/ActivityReport.js';
import { ClaudeAnalysis } from '../types/ClaudeAnalysis.js';
import { isSafeError } from './explainError.js';
import type { InsightsOptions } from './InsightsOptions.js';

/** Why Claude did not answer, in words the caller can act on. */
const Skipped = z.object({ skipped: z.string() });

/**
 * Claude's narrative of a report, or why there is none (`skipped`).
 *
 * @example
 * const narrative = ClaudeNarrative.parse(answer.claude);
 * if ('skipped' in narrative) console.log(narrative.skipped);
 */
export const ClaudeNarrative = z.union([
  z.object({
    analysis: ClaudeAnalysis,
    modelId: z.string(),
    usage: z.object({ inputTokens: z.number().optional(), outputTokens: z.number().optional() }).optional(),
  }),
  Skipped,
]);
/** @see ClaudeNarrative */
export type ClaudeNarrative = z.infer<typeof ClaudeNarrative>;

const unavailable = (options: InsightsOptions) =>
  options.analystUnavailableReason ?? 'Bedrock is not configured';

/**
 * Which model answers, or why none does (for status pages).
 *
 * @example
 * analystStatus({ provider }); // { skipped: 'Bedrock is not configured' }
 */
export const AnalystStatus = z.union([z.object({ modelId: z.string() }), Skipped]);
/** @see AnalystStatus */
export type AnalystStatus = z.infer<typeof AnalystStatus>;

/**
 * The model answering, or why there is no analyst.
 *
 * @example
 * analystStatus({ provider, analystUnavailableReason: 'BEDROCK_MODEL_ID is not set' });
 */
export function analystStatus(options: InsightsOptions): AnalystStatus {
  return options.analyst ? { modelId: options.analyst.modelId } : { skipped: unavailable(options) };
}

/**
 * Asks Claude for a narrative of the report, unless it was not requested (`requested === false`) or no analyst is
 * configured; a failed call becomes a `skipped` reason (a known error's own message, else the error's name only).
 * `requested` undefined means "when configured".
 *
 * @example
 * const claude = await claudeNarrative(options, report, true);
 */
export async function claudeNarrative(
  options: InsightsOptions,
  report: ActivityReport,
  requested: boolean | undefined,
): Promise<ClaudeNarrative> {
  if (requested === false) return { skipped: 'not requested' };
  if (!options.analyst) return { skipped: unavailable(options) };
  try {
    const answer: ClaudeAnalysisResult = await options.analyst.analyze(report);
    return { ...answer };
  } catch (error) {
    return {
      skipped: isSafeError(error) ? error.message : `Bedrock call failed (${(error as Error).name})`,
    };
  }
}
