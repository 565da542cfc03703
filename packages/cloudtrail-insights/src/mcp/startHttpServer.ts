import type { Server } from 'node:http';
import { type LocalServer, StructuredLogger, serve } from '@mv/http-edge';
import { createMcpCore, type McpHandlerOptions } from './handleMcpRequest.js';

/** Options of {@link startMcpHttpServer}. */
export interface McpHttpServerOptions extends McpHandlerOptions {
  /** Default 8000 (0 picks a free port). */
  port?: number;
  /** Default 127.0.0.1: expose it on purpose, e.g. `0.0.0.0` in a container. */
  host?: string;
  /** Host names (besides loopback) that Host and Origin may name, e.g. the load balancer's; DNS-rebinding guard. */
  allowedHosts?: readonly string[];
}

/** A running MCP HTTP server. */
export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The MCP transport's own request limit (4 MiB): one limit setting for the MCP server's bodies. */
export const MCP_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Serves the MCP endpoint over HTTP at `/mcp` (and `/healthcheck`), bound to 127.0.0.1 unless told otherwise. Whatever
 * the bind address, it refuses requests whose Host or Origin is not loopback or an allowed host (DNS rebinding).
 *
 * @example
 * const running = await startMcpHttpServer({ provider, port: 8000 });
 * console.log(`MCP at ${running.url}/mcp`);
 */
export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<RunningServer> {
  const logger = new StructuredLogger({ service: 'cloudtrail-insights-mcp', level: 'WARN' });
  const core = createMcpCore(options);
  const running: LocalServer = await serve(
    (request, context) => core(request, { ...context, requestId: context.requestId ?? '', logger }),
    {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 8000,
      maxBodyBytes: MCP_MAX_BODY_BYTES,
      allowedHosts: options.allowedHosts ?? [],
      unguardedPaths: ['/healthcheck'],
      logger,
    },
  );
  return running;
}
