import { ChatLogValidationError } from './errors.js';

/**
 * Whether `hostname` (as `URL` gives it) is this machine: `localhost` (and `*.localhost`, which resolvers must keep
 * on the loopback interface), `127.0.0.0/8`, or `[::1]`. Plain HTTP to these stays on the machine.
 * @internal
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parses the presign endpoint and refuses one that would expose the bearer token: anything but `https:`, except
 * plain `http:` to a loopback address (a local handler or test stack).
 *
 * @example
 * parseEndpoint('https://abc.lambda-url.ap-northeast-1.on.aws/'); // URL
 * parseEndpoint('http://127.0.0.1:3000/'); // URL: loopback
 * parseEndpoint('http://presign.example/'); // throws ChatLogValidationError (field "endpoint")
 * @internal
 */
export function parseEndpoint(endpoint: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(endpoint);
  } catch {
    throw new ChatLogValidationError('endpoint', 'endpoint must be an absolute https URL');
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return parsed;
  if (parsed.protocol === 'http:') {
    throw new ChatLogValidationError(
      'endpoint',
      `endpoint ${parsed.host} uses plain http: the bearer token would travel in clear. Use https ` +
        '(plain http is accepted only for loopback addresses: localhost, 127.0.0.0/8, [::1])',
    );
  }
  throw new ChatLogValidationError('endpoint', 'endpoint must be an absolute https URL');
}
