import { z } from 'zod';
import type { QueryStats } from '../query/QueryEngine.js';

/**
 * What an engine query cost, as the use cases report it (the schema of `QueryStats`, for the MCP output schemas).
 *
 * @example
 * QueryCost.parse(stats).bytesScanned;
 */
export const QueryCost = z.object({
  engine: z.enum(['athena', 'duckdb']),
  queries: z.number().int(),
  bytesScanned: z.number(),
  costUsd: z.number().optional(),
  elapsedMs: z.number(),
  files: z.number().int().optional(),
  reused: z.boolean().optional(),
  queryIds: z.array(z.string()).optional(),
});
/** @see QueryCost */
export type QueryCost = z.infer<typeof QueryCost>;

// The schema and the engine's interface must stay one shape: a change to either fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<QueryCost, QueryStats> = true;
void sameShape;
