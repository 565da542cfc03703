/** Names of this machine's loopback interface, as a Host header or an Origin may carry them. */
const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1'];

function hostName(value: string): string {
  // "[::1]:8000" -> "::1", "localhost:8000" -> "localhost"
  const bracket = /^\[([^\]]+)\]/.exec(value);
  return (bracket ? (bracket[1] as string) : value.replace(/:\d+$/, '')).toLowerCase();
}

/**
 * A DNS-rebinding guard: accepts a request only when its Host (and Origin, when sent) name this machine's loopback
 * or one of `allowedHosts` (the public names a load balancer forwards, e.g. `insights.example.com`). It applies
 * whatever address the server is bound to; `'*'` turns it off explicitly.
 *
 * @example
 * const allowed = hostGuard(['insights.example.com']);
 * allowed(request.headers.get('host'), request.headers.get('origin')); // false for evil.example
 */
export function hostGuard(
  allowedHosts: readonly string[] | '*' = [],
): (host: string | null, origin: string | null) => boolean {
  if (allowedHosts === '*') return () => true;
  const allowed = new Set([...LOOPBACK, ...allowedHosts.map((h) => hostName(h))]);
  return (host, origin) => {
    if (!host || !allowed.has(hostName(host))) return false;
    if (!origin) return true;
    try {
      return allowed.has(hostName(new URL(origin).host));
    } catch {
      return false;
    }
  };
}
