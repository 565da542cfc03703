import { readEnvironment } from '@mv/http-edge';
import { z } from 'zod';

const hostList = z.string().transform((value) =>
  value
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean),
);

/**
 * Where the local servers (`mv-cloudtrail-mcp`, `mv-cloudtrail-ui`, the container) listen, as a zod schema of their
 * environment: `PORT`, `HOST` (default 127.0.0.1), `ALLOWED_HOSTS` (public Host names, comma-separated) and
 * `PUBLIC_ORIGIN` (the origin the UI is served under behind a load balancer; its host is allowed).
 */
export const LocalServerEnvironment = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')
    .transform(Number)
    .refine((port) => port <= 65_535, 'must be a port number from 0 to 65535')
    .optional(),
  HOST: z.string().default('127.0.0.1'),
  ALLOWED_HOSTS: hostList.default([]),
  PUBLIC_ORIGIN: z
    .url({ protocol: /^https?$/, error: 'must be an origin such as https://insights.example.com' })
    .optional(),
});

/** What a local server binds to and which Host names it answers, read once from the environment. */
export interface LocalServerSettings {
  port: number;
  host: string;
  allowedHosts: string[];
}

/**
 * The listen settings of a local server from the environment (a `ConfigError` naming a wrong variable).
 *
 * @example
 * const { port, host, allowedHosts } = localServerSettings(process.env, 8000);
 */
export function localServerSettings(env: NodeJS.ProcessEnv, defaultPort: number): LocalServerSettings {
  const e = readEnvironment(LocalServerEnvironment, env);
  const allowedHosts = [...e.ALLOWED_HOSTS];
  if (e.PUBLIC_ORIGIN) allowedHosts.push(new URL(e.PUBLIC_ORIGIN).host);
  return { port: e.PORT ?? defaultPort, host: e.HOST, allowedHosts };
}

/** `MCP_INVOKE_MODE` of the Lambda function: its Function URL's invoke mode (default `RESPONSE_STREAM`). */
export const LambdaEnvironment = z.object({
  MCP_INVOKE_MODE: z
    .enum(['RESPONSE_STREAM', 'BUFFERED'], { error: 'must be RESPONSE_STREAM (the default) or BUFFERED' })
    .default('RESPONSE_STREAM'),
});

/**
 * Whether the Lambda function answers buffered (`MCP_INVOKE_MODE=BUFFERED`).
 *
 * @example
 * if (buffered(process.env)) ...
 */
export function buffered(env: NodeJS.ProcessEnv): boolean {
  return readEnvironment(LambdaEnvironment, env).MCP_INVOKE_MODE === 'BUFFERED';
}
