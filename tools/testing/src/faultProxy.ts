import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to one request. */
export type Fault =
  /** Forward untouched. */
  | 'pass'
  /** Drop the connection before anything reaches the target. */
  | 'reset-before'
  /** Forward, let the target finish, then drop the connection without answering: "stored, but the answer was lost". */
  | 'reset-after'
  /** Answer 503 SlowDown as S3 does, without forwarding. */
  | 'slow-down'
  /** Answer 403 "Request has expired" as S3 does for a stale presigned URL, without forwarding. */
  | 'expired';

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Where healthy requests go, e.g. moto's endpoint. */
  target: string;
  /** Picks the fault for each request; default: always `pass`. */
  choose?: (request: IncomingMessage, index: number) => Fault;
}

/** A running proxy. */
export interface FaultProxy {
  endpoint: string;
  /** How many times each fault was applied. */
  counts: Record<Fault, number>;
  stop(): Promise<void>;
}

/** A small deterministic PRNG (mulberry32), so a failing fault sequence can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
const EXPIRED =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';

/**
 * An HTTP proxy on 127.0.0.1 that injects faults between a client and a real server: connection resets before
 * and after the target handled the request, S3-style 503 SlowDown and 403 expired answers.
 *
 * @example
 * const random = seededRandom(42);
 * const proxy = await startFaultProxy({ target: moto.endpoint, choose: () => (random() < 0.3 ? 'reset-after' : 'pass') });
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const counts: Record<Fault, number> = {
    pass: 0,
    'reset-before': 0,
    'reset-after': 0,
    'slow-down': 0,
    expired: 0,
  };
  const sockets = new Set<Socket>();
  let index = 0;
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const fault = options.choose?.(incoming, index++) ?? 'pass';
    counts[fault] += 1;
    if (fault === 'reset-before') {
      incoming.socket.destroy();
      return;
    }
    if (fault === 'slow-down' || fault === 'expired') {
      incoming.resume();
      incoming.on('end', () => {
        outgoing
          .writeHead(fault === 'expired' ? 403 : 503, {
            'content-type': 'application/xml',
            'retry-after': '0',
          })
          .end(fault === 'expired' ? EXPIRED : SLOW_DOWN);
      });
      return;
    }
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        if (fault === 'reset-after') {
          answer.resume();
          answer.on('end', () => incoming.socket.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => incoming.socket.destroy());
    incoming.pipe(forwarded);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
