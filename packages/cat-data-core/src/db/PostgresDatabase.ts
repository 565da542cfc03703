import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ConnectionOptions } from 'node:tls';
import { Signer } from '@aws-sdk/rds-signer';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyRowsVia, quoteIdent, type SqlDatabase, type SqlSession } from './SqlDatabase.js';

/** Options of {@link PostgresDatabase.connect}. */
export interface PostgresDatabaseOptions {
  /** `postgres://user[:password]@host:port/database`; fields below override it. */
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  password?: string;
  /**
   * TLS. `true` verifies the server certificate against the system CAs (on RDS, add the RDS CA bundle through `ca`).
   * Defaults to `false` for loopback hosts and `true` everywhere else.
   */
  ssl?: boolean | ConnectionOptions;
  /**
   * Authenticate with a short-lived RDS IAM token instead of a password (requires SSL and `rds_iam` granted to the
   * user). The token is signed with the default AWS credentials of the Lambda or the shell.
   */
  iamAuth?: { region: string };
  /** Pool size; 2 suits a Lambda (one request at a time), more suits a long-running server. */
  maxConnections?: number;
}

function isLoopback(host: string | undefined): boolean {
  return host === undefined || host === 'localhost' || host.startsWith('127.') || host === '::1';
}

/**
 * The `pg` pool configuration of a {@link PostgresDatabaseOptions}: TLS by default for non-loopback hosts, and an RDS
 * IAM token (signed locally, valid 15 minutes) requested for every new connection when `iamAuth` is set.
 * @internal
 */
export function poolConfig(options: PostgresDatabaseOptions): pg.PoolConfig {
  const parsed = options.connectionString ? new URL(options.connectionString) : undefined;
  const host = options.host ?? (parsed?.hostname || undefined);
  const port = options.port ?? (parsed?.port ? Number(parsed.port) : 5432);
  const user = options.user ?? (parsed?.username ? decodeURIComponent(parsed.username) : undefined);
  const ssl = options.ssl ?? !isLoopback(host);
  let password: string | (() => Promise<string>) | undefined = options.password;
  if (options.iamAuth) {
    if (!host || !user) throw new Error('IAM authentication needs host and user');
    const signer = new Signer({ hostname: host, port, username: user, region: options.iamAuth.region });
    password = () => signer.getAuthToken();
  }
  return {
    connectionString: options.connectionString,
    host,
    port,
    user,
    database: options.database,
    ...(password === undefined ? {} : { password }),
    ssl: ssl === true ? { rejectUnauthorized: true } : ssl,
    max: options.maxConnections ?? 4,
    application_name: 'mv-cat-data',
  };
}

function session(client: pg.ClientBase | pg.Pool): SqlSession {
  const copyText: SqlSession['copyText'] = async (table, columns, chunks) => {
    if (!('release' in client) && client instanceof pg.Pool) {
      throw new Error('COPY needs a transaction session');
    }
    const stream = (client as pg.ClientBase).query(
      copyFrom(`COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`),
    );
    await pipeline(Readable.from(chunks), stream);
  };
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    copyRows: copyRowsVia(copyText),
    copyText,
  };
}

/**
 * PostgreSQL through `pg`: a local server, or Amazon RDS with SSL and optionally IAM authentication.
 *
 * @example
 * const db = PostgresDatabase.connect({ connectionString: process.env.DATABASE_URL });
 * const rds = PostgresDatabase.connect({
 *   host: 'catdata.abc.ap-northeast-1.rds.amazonaws.com', user: 'cat_data_app', database: 'catdata',
 *   iamAuth: { region: 'ap-northeast-1' },
 * });
 */
export class PostgresDatabase implements SqlDatabase {
  readonly engine = 'postgres' as const;
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Creates a connection pool; connections open lazily on first use. */
  static connect(options: PostgresDatabaseOptions): PostgresDatabase {
    const pool = new pg.Pool(poolConfig(options));
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    return new PostgresDatabase(pool);
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return session(this.#pool).query<T>(sql, params);
  }

  async copyRows(table: string, columns: readonly string[], rows: Iterable<readonly (string | null)[]>) {
    return this.transaction((s) => s.copyRows(table, columns, rows));
  }

  async copyText(table: string, columns: readonly string[], chunks: Iterable<string | Uint8Array>) {
    return this.transaction((s) => s.copyText(table, columns, chunks));
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(session(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
