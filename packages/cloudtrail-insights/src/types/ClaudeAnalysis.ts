import { z } from 'zod';

/**
 * The structured answer Claude must give (through tool use), validated before anyone sees it.
 *
 * @example
 * const analysis = ClaudeAnalysis.parse(toolUse.input);
 */
export const ClaudeAnalysis = z.object({
  summary: z.string().min(1).max(4000).describe('Two to five sentences on how these developers work.'),
  workPatterns: z
    .array(
      z.object({
        identity: z.string(),
        pattern: z.string().describe('When and how this identity works, e.g. "deploys weekday mornings"'),
        confidence: z.enum(['low', 'medium', 'high']),
      }),
    )
    .max(30),
  predictedNextActions: z
    .array(
      z.object({
        identity: z.string(),
        eventName: z.string(),
        reason: z.string(),
      }),
    )
    .max(30),
  risks: z
    .array(
      z.object({
        identity: z.string(),
        finding: z.string(),
        severity: z.enum(['low', 'medium', 'high']),
      }),
    )
    .max(30),
  recommendations: z.array(z.string()).max(10),
});
/** @see ClaudeAnalysis */
export type ClaudeAnalysis = z.infer<typeof ClaudeAnalysis>;
