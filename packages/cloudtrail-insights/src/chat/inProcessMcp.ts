import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { createMcpServer, type McpServerOptions } from '../mcp/createMcpServer.js';

/** A client transport linked to a fresh MCP server of this package in the same process. */
export interface InProcessMcp {
  transport: Transport;
  close(): Promise<void>;
}

/**
 * The package's MCP tools without a network hop: a new `McpServer` (one per conversation turn, as the SDK wants)
 * joined to the returned client transport by the MCP SDK's in-memory transport pair.
 *
 * @example
 * const { transport, close } = await connectInProcessMcp({ provider });
 * const mcp = new McpClient({ transport });
 */
export async function connectInProcessMcp(options: McpServerOptions): Promise<InProcessMcp> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer(options);
  await server.connect(serverTransport);
  return { transport: clientTransport, close: () => server.close() };
}
