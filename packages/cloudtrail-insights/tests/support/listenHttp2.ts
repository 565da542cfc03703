import type { Http2Server, ServerHttp2Session } from 'node:http2';

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
