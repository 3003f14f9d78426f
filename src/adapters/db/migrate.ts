// Versioned SQL migrations for schema otc_bot. Files in ./migrations named NNN_description.sql are
// applied in order, each in its own transaction. A session advisory lock serialises concurrent
// starts: the second instance waits, then finds everything applied.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const DEMO_SOURCE_SCHEMA = join(dirname(fileURLToPath(import.meta.url)), 'demo-source-tables.sql');
const MIGRATION_LOCK_KEY = 7_301_001; // arbitrary, constant: "otc_bot migrations"

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

export async function listMigrations(directory = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const files = (await readdir(directory)).filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 3)),
      name: file.replace(/\.sql$/, ''),
      sql: await readFile(join(directory, file), 'utf8'),
    })),
  );
}

/** Applies pending migrations; returns the names applied by this call. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const migrations = await listMigrations();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE SCHEMA IF NOT EXISTS otc_bot');
    await client.query(
      `CREATE TABLE IF NOT EXISTS otc_bot.schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM otc_bot.schema_migrations')).rows.map((r) => r.version),
    );
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO otc_bot.schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
        applied.push(migration.name);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/**
 * Creates the OTC source tables (demo and embedded mode only). A real deployment maps its own OTC
 * database onto these relations; the bot never creates or writes them there.
 */
export async function createDemoSourceTables(pool: pg.Pool): Promise<void> {
  await pool.query(await readFile(DEMO_SOURCE_SCHEMA, 'utf8'));
}
