import type { IamCaller } from './lambdaEvents.ts';
import type { Logger } from './StructuredLogger.ts';

/** What every core gets besides the request: who carried it, and where to log. */
export interface RequestContext {
  /** Lambda's request id, or a random one on a local server. Goes into every error body and log line. */
  requestId: string;
  /** Set by Lambda only when the Function URL's AuthType is AWS_IAM; callers cannot forge it. */
  iam?: IamCaller | undefined;
  sourceIp?: string | undefined;
  logger: Logger;
}

/**
 * A package's HTTP core: web-standard in, web-standard out. Lambda events and Node requests reach it through the
 * edge's adapters (`createLambdaHandler`, `createNodeListener`).
 *
 * @example
 * const core: HttpCore = async (request, { requestId }) => json(200, { requestId });
 */
export type HttpCore = (request: Request, context: RequestContext) => Promise<Response>;
