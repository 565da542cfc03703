import { randomUUID } from 'node:crypto';
import { errorResponse } from './answer.ts';
import type { HttpCore, RequestContext } from './httpCore.ts';
import {
  eventToRequest,
  type LambdaContextLike,
  type LambdaHttpEvent,
  type LambdaHttpResult,
  responseToResult,
} from './lambdaEvents.ts';
import { type Logger, StructuredLogger } from './StructuredLogger.ts';

/** A core together with the logger its requests log to; what {@link createLambdaHandler}'s `init` returns. */
export interface EdgeApp {
  core: HttpCore;
  logger: Logger;
}

/** A buffered Lambda handler that also exposes its web-standard core (for local servers and tests). */
export interface LambdaHttpHandler<A extends EdgeApp = EdgeApp> {
  (event: LambdaHttpEvent, context?: LambdaContextLike): Promise<LambdaHttpResult>;
  /** The same logic for any transport: builds the app on first use, exactly as a cold start would. */
  handleRequest(request: Request, context?: Partial<RequestContext>): Promise<Response>;
  /** Builds the app now (reads the environment); throws its `ConfigError` here instead of at the first request. */
  ready(): A;
}

/**
 * The one Lambda adapter of the `@mv/*` packages. `init` runs once per execution environment, on the first
 * invocation (so importing a package has no side effects and a bad setting fails that cold start with its
 * `ConfigError`); every invocation then gets a `Request`, a request id and cold-start flag in its log lines, and
 * one error body for anything that goes wrong.
 *
 * @example
 * export const handler = createLambdaHandler(() => ({ core: createCore(readEnvironment(process.env)), logger }));
 */
export function createLambdaHandler<A extends EdgeApp>(init: () => A): LambdaHttpHandler<A> {
  let app: A | undefined;
  let coldStart = true;
  const ready = (): A => {
    app ??= init();
    return app;
  };
  const run = async (request: Request, context: Partial<RequestContext> = {}): Promise<Response> => {
    const { core, logger } = ready();
    const requestId = context.requestId ?? randomUUID();
    if (logger instanceof StructuredLogger)
      logger.setPersistentKeys({ function_request_id: requestId, cold_start: coldStart });
    coldStart = false;
    const full: RequestContext = { ...context, requestId, logger: context.logger ?? logger };
    try {
      return await core(request, full);
    } catch (error) {
      return errorResponse(error, full);
    }
  };
  const handler = async (event: LambdaHttpEvent, lambda?: LambdaContextLike): Promise<LambdaHttpResult> => {
    let converted: ReturnType<typeof eventToRequest>;
    try {
      converted = eventToRequest(event);
    } catch (error) {
      const requestId = lambda?.awsRequestId ?? event.requestContext?.requestId ?? randomUUID();
      return responseToResult(errorResponse(error, { requestId, logger: ready().logger }));
    }
    const { request, facts } = converted;
    const response = await run(request, {
      requestId: lambda?.awsRequestId ?? facts.requestId,
      iam: facts.iam,
      sourceIp: facts.sourceIp,
    });
    return responseToResult(response);
  };
  return Object.assign(handler, { handleRequest: run, ready });
}

/** The `awslambda` global of the Node.js runtime, for response streaming. */
export interface LambdaStreamingRuntime {
  streamifyResponse(
    handler: (
      event: LambdaHttpEvent,
      responseStream: NodeJS.WritableStream,
      context: LambdaContextLike,
    ) => Promise<void>,
  ): unknown;
  HttpResponseStream: {
    from(
      stream: NodeJS.WritableStream,
      metadata: { statusCode: number; headers: Record<string, string>; cookies?: string[] },
    ): NodeJS.WritableStream;
  };
}

/**
 * The same handler for a Function URL in RESPONSE_STREAM invoke mode: the response body is written as the core
 * produces it (server-sent events, long answers), through the runtime's `awslambda.streamifyResponse`.
 *
 * @example
 * export const handler = createStreamingLambdaHandler(createLambdaHandler(init), globalThis.awslambda);
 */
export function createStreamingLambdaHandler(
  buffered: LambdaHttpHandler<EdgeApp>,
  runtime: LambdaStreamingRuntime,
): unknown {
  return runtime.streamifyResponse(async (event, responseStream, lambda) => {
    const { request, facts } = eventToRequest(event);
    const response = await buffered.handleRequest(request, {
      requestId: lambda?.awsRequestId ?? facts.requestId,
      iam: facts.iam,
      sourceIp: facts.sourceIp,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    const stream = runtime.HttpResponseStream.from(responseStream, {
      statusCode: response.status,
      headers,
      ...(cookies.length > 0 ? { cookies } : {}),
    });
    if (response.body) for await (const chunk of response.body) stream.write(chunk);
    stream.end();
  });
}
