import type { Http2Server, Http2ServerRequest, Http2ServerResponse, ServerHttp2Session } from 'node:http2';

/**
 * Starts a local HTTP/2 stand-in on a free 127.0.0.1 port; `close` ends its sessions (gracefully, or at once with
 * `destroy`) and the server. Shared by the local Bedrock stand-ins.
 */
export async function listenHttp2(
  server: Http2Server,
  { destroySessions = false } = {},
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const session of sessions) destroySessions ? session.destroy() : session.close();
        server.close(() => resolve());
      }),
  };
}

const bedrockError = (res: Http2ServerResponse, status: number, type: string, message: string) =>
  res
    .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
    .end(JSON.stringify({ message }));

/**
 * What both local Bedrock stand-ins do first, as the service does: route `POST /model/<id>/<operation>`, count the
 * call, throttle the first one (429 ThrottlingException) and refuse a base model id on demand (400, the service's
 * message). Answers those itself and resolves `undefined`; otherwise resolves the model id and the JSON body.
 */
export async function acceptBedrockCall(
  req: Http2ServerRequest,
  res: Http2ServerResponse,
  operation: 'converse' | 'converse-stream',
  stats: { calls: number; throttled: number; modelIds: string[] },
): Promise<{ modelId: string; body: unknown } | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const match = (req.url ?? '').match(new RegExp(`^/model/([^/]+)/${operation}$`));
  if (req.method !== 'POST' || !match) {
    bedrockError(res, 404, 'UnknownOperationException', 'not found');
    return undefined;
  }
  stats.calls++;
  const modelId = decodeURIComponent(match[1] as string);
  stats.modelIds.push(modelId);
  if (stats.calls === 1) {
    stats.throttled++;
    bedrockError(res, 429, 'ThrottlingException', 'Too many requests, please wait before trying again.');
    return undefined;
  }
  if (modelId.startsWith('anthropic.')) {
    bedrockError(
      res,
      400,
      'ValidationException',
      `Invocation of model ID ${modelId} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    );
    return undefined;
  }
  return { modelId, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
}
