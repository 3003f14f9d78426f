// Each test file gets its own database on the real PostgreSQL server (TEST_DATABASE_URL), dropped after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDemoSourceTables, migrate } from '../../src/adapters/db/migrate.js';
import { createPool } from '../../src/adapters/db/pool.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean; sourceTables?: boolean } = {}): Promise<TestDatabase> {
  const name = `otc_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: 5 });
  if (options.migrate !== false) await migrate(pool);
  if (options.sourceTables) await createDemoSourceTables(pool);
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
