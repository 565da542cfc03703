/** Levels in increasing severity. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

/**
 * The logging surface the handler uses. A Powertools `Logger` instance fits it, so does {@link StructuredLogger}.
 */
export interface Logger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Options of {@link StructuredLogger}. */
export interface StructuredLoggerOptions {
  service?: string;
  level?: LogLevel;
  /** Where a finished JSON line goes (default: `process.stdout`, which Lambda sends to CloudWatch). */
  write?: (line: string) => void;
}

const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 };
const SECRET_KEY = /authorization|token|secret|password|api[-_]?key|signature|credential|presigned/i;
const SIGNED_QUERY = /(https?:\/\/[^\s?"']+)\?[^\s"']*/gi;

/**
 * Makes any value safe to log: URL query strings (where SigV4 signatures and credentials live) are cut off,
 * fields whose names suggest secrets are replaced, errors become name + message + stack.
 * @internal
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(SIGNED_QUERY, '$1?[REDACTED]');
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redact(value.message),
      stack: typeof value.stack === 'string' ? redact(value.stack) : undefined,
      ...(value.cause !== undefined && depth < 3 ? { cause: redact(value.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return depth > 5 ? '[…]' : value.map((item) => redact(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    if (depth > 5) return '[…]';
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? '[REDACTED]' : redact(item, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * A small JSON-lines logger with the field names of Powertools for AWS Lambda (`level`, `message`, `timestamp`,
 * `service`, `function_request_id`, `cold_start`), and redaction built in: no presigned URL, token or key ever
 * reaches a log line, whatever a caller passes.
 *
 * @example
 * const logger = new StructuredLogger({ service: 'chat-log-presign', level: 'INFO' });
 * logger.info('presigned', { action: 'upload', s3Key });
 */
export class StructuredLogger implements Logger {
  private readonly service: string;
  private readonly threshold: number;
  private readonly write: (line: string) => void;
  private keys: Record<string, unknown> = {};

  constructor(options: StructuredLoggerOptions = {}) {
    this.service = options.service ?? 'mv';
    this.threshold = RANK[options.level ?? 'INFO'];
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  /** Keys added to every following line (e.g. the request id); replaces the previous set. */
  setPersistentKeys(keys: Record<string, unknown>): void {
    this.keys = keys;
  }

  debug(message: string, extra?: Record<string, unknown>): void {
    this.log('DEBUG', message, extra);
  }
  info(message: string, extra?: Record<string, unknown>): void {
    this.log('INFO', message, extra);
  }
  warn(message: string, extra?: Record<string, unknown>): void {
    this.log('WARN', message, extra);
  }
  error(message: string, extra?: Record<string, unknown>): void {
    this.log('ERROR', message, extra);
  }

  private log(level: LogLevel, message: string, extra?: Record<string, unknown>): void {
    if (RANK[level] < this.threshold) return;
    const line = redact({
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...this.keys,
      ...extra,
    });
    this.write(JSON.stringify(line));
  }
}

/** Reads LOG_LEVEL (Powertools' POWERTOOLS_LOG_LEVEL too); unknown values fall back to INFO. @internal */
export function logLevelFromEnv(env: Partial<Record<string, string | undefined>>): LogLevel {
  const raw = (env.POWERTOOLS_LOG_LEVEL ?? env.LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO').toUpperCase();
  if (raw === 'WARNING') return 'WARN';
  if (raw === 'TRACE') return 'DEBUG';
  return raw in RANK ? (raw as LogLevel) : 'INFO';
}
