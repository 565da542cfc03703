import { type Migration, migrations as packageMigrations } from './migrations.js';
import type { SqlDatabase } from './SqlDatabase.js';

/**
 * Brings the `cat_data` schema up to date, applying each missing migration in its own transaction. Safe to run
 * concurrently (a transaction-scoped advisory lock serialises runners) and on every start.
 *
 * @returns the versions applied by this call
 * @example
 * await migrate(db); // [1] on a fresh database, [] afterwards
 */
export async function migrate(
  db: SqlDatabase,
  migrations: readonly Migration[] = packageMigrations,
): Promise<number[]> {
  await db.query('CREATE SCHEMA IF NOT EXISTS cat_data');
  await db.query(
    `CREATE TABLE IF NOT EXISTS cat_data.schema_migrations (
       version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (session) => {
      await session.query('SELECT pg_advisory_xact_lock(7230023)');
      const rows = await session.query('SELECT 1 FROM cat_data.schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await session.query(statement);
      await session.query('INSERT INTO cat_data.schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

// Extended-protocol queries take one statement each; our migrations contain no semicolons inside literals.
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
