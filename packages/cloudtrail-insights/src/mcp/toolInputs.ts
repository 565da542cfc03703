import { z } from 'zod';
import { WindowInput } from '../useCases/windowQuery.js';

const maxEvents = (max: number, fallback: number) =>
  z.number().int().min(1).max(max).optional().describe(`Bound on events read (default ${fallback})`);

/**
 * The input schemas of the MCP tools (zod shapes, as `registerTool` takes them); each is the input of the use case
 * of the same name.
 * @internal
 */
export const TOOL_INPUTS = {
  lookup: {
    ...WindowInput,
    maxResults: z.number().int().min(1).max(5000).optional().describe('Events to return (default 50)'),
    includeRaw: z.boolean().optional().describe('Include the full CloudTrail record of each event'),
  },
  eventNames: { ...WindowInput, maxEvents: maxEvents(1_000_000, 100_000) },
  analysis: {
    ...WindowInput,
    maxEvents: maxEvents(200_000, 20_000),
    maxIdentities: z.number().int().min(1).max(100).optional(),
    useClaude: z
      .boolean()
      .optional()
      .describe('Ask Claude on Bedrock for a narrative (default: when configured)'),
  },
  prediction: {
    ...WindowInput,
    identity: z.string().min(1).describe('Identity (user name, role name) to predict for'),
    history: z.array(z.string()).max(50).optional().describe('Recent event names, oldest first'),
    times: z
      .array(z.string())
      .max(50)
      .optional()
      .describe('When each history call was made (ISO 8601), one per call: enables the gap-state weights'),
    k: z.number().int().min(1).max(50).optional().describe('Predictions to return (default 5)'),
    maxEvents: z.number().int().min(1).max(200_000).optional(),
  },
  policy: {
    startTime: WindowInput.startTime,
    endTime: WindowInput.endTime,
    identity: z.string().min(1).describe('Identity (user or role name)'),
    includeDenied: z.boolean().optional().describe('Also allow calls that were denied (default false)'),
    maxEvents: z.number().int().min(1).max(200_000).optional(),
  },
};
