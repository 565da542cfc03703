/** Names of this machine's loopback interface. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function hostName(value: string): string {
  // "[::1]:8000" -> "::1", "localhost:8000" -> "localhost"
  const bracket = value.match(/^\[([^\]]+)\]/);
  return bracket ? bracket[1]! : value.replace(/:\d+$/, '');
}

/** Whether Host (and Origin, when sent) name this machine's loopback. @internal */
export function fromLoopbackName(hostHeader: string | undefined, originHeader: string | undefined): boolean {
  if (!hostHeader || !LOOPBACK.has(hostName(hostHeader))) return false;
  if (!originHeader) return true;
  try {
    return LOOPBACK.has(hostName(new URL(originHeader).host));
  } catch {
    return false;
  }
}

/** Whether a bind address is loopback only. @internal */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host);
}
