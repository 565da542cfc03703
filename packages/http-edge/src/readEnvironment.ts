import { ConfigError } from './HttpError.ts';

/** The part of a zod schema's safeParse result the reader needs (zod and zod/mini both fit). */
interface SafeParser<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** Options of {@link readEnvironment}. */
export interface ReadEnvironmentOptions {
  /** Settings whose empty value means something (e.g. an empty key prefix); any other empty setting is unset. */
  keepEmpty?: readonly string[];
}

/**
 * Reads a package's settings from the environment once, through the package's zod schema of it: the first
 * problem becomes a {@link ConfigError} naming the variable and saying what is expected. Values are never echoed
 * (they may be secrets); schemas put what the value should look like in their messages.
 *
 * @example
 * const Env = z.object({ S3_BUCKET_NAME: z.string().min(3), LOG_LEVEL: z.string().optional() });
 * const env = readEnvironment(Env, process.env);
 */
export function readEnvironment<T>(
  schema: SafeParser<T>,
  env: Readonly<Record<string, string | undefined>>,
  options: ReadEnvironmentOptions = {},
): T {
  const trimmed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const v = value?.trim();
    if (v !== undefined && (v !== '' || options.keepEmpty?.includes(name))) trimmed[name] = v;
  }
  const result = schema.safeParse(trimmed);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  throw new ConfigError(variable, issue?.message ?? 'is not valid');
}
