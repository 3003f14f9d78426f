import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startEmbeddedPostgres } from '../../../src/adapters/db/embedded-postgres.js';
import { listMigrations, migrate } from '../../../src/adapters/db/migrate.js';
import { createPool } from '../../../src/adapters/db/pool.js';
import { createLogger } from '../../../src/adapters/logger.js';
import { loadConfig } from '../../../src/config.js';
import { startBot } from '../../../src/main.js';
import { createTestDatabase } from '../../support/test-database.js';

async function botTables(pool: ReturnType<typeof createPool>): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'otc_bot' ORDER BY table_name",
  );
  return rows.map((row) => row.table_name);
}

async function appliedVersions(pool: ReturnType<typeof createPool>): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>('SELECT version FROM otc_bot.schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}

describe('migrations on the PostgreSQL server', () => {
  test('a fresh database gets every migration once; a second run applies nothing', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      const expected = (await listMigrations()).map((m) => m.version);
      const applied = await migrate(database.pool);
      assert.equal(applied.length, expected.length);
      assert.deepEqual(await appliedVersions(database.pool), expected);
      for (const table of ['role_grants', 'audit_log', 'settings', 'processed_messages', 'user_preferences']) {
        assert.ok((await botTables(database.pool)).includes(table), table);
      }
      assert.deepEqual(await migrate(database.pool), []);
    } finally {
      await database.drop();
    }
  });

  test('two instances migrating at once end with one correct schema', async () => {
    const database = await createTestDatabase({ migrate: false });
    const first = createPool(database.url, { max: 2 });
    const second = createPool(database.url, { max: 2 });
    try {
      const [a, b] = await Promise.all([migrate(first), migrate(second)]);
      const expected = (await listMigrations()).map((m) => m.version);
      assert.equal(a.length + b.length, expected.length, 'each migration applied exactly once');
      assert.deepEqual(await appliedVersions(database.pool), expected);
    } finally {
      await first.end();
      await second.end();
      await database.drop();
    }
  });

  test('the audit log is append-only', async () => {
    const database = await createTestDatabase();
    try {
      await database.pool.query("INSERT INTO otc_bot.audit_log (actor_staff_id, action) VALUES ('a', 'test')");
      await assert.rejects(database.pool.query("UPDATE otc_bot.audit_log SET action = 'forged'"), /append-only/);
      await assert.rejects(database.pool.query('DELETE FROM otc_bot.audit_log'), /append-only/);
    } finally {
      await database.drop();
    }
  });

  test('with a real DATABASE_URL the bot never creates the OTC source tables', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      const app = await startBot(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' }), { listen: false, logger: createLogger('silent') });
      await app.stop();
      const { rows } = await database.pool.query("SELECT to_regclass('public.otc_lock_orders') AS locks, to_regclass('public.otc_hedge_orders') AS hedges");
      assert.deepEqual(rows[0], { locks: null, hedges: null });
    } finally {
      await database.drop();
    }
  });
});

describe('embedded PostgreSQL (PGlite over the wire protocol)', () => {
  test('migrates through pg, keeps data across a restart, and has the demo source tables', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'otc-bot-embedded-'));
    try {
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      const first = await startBot(config, { listen: false, logger: createLogger('silent') });
      await first.services.db.query("INSERT INTO otc_bot.role_grants (subject_kind, subject_id, role, granted_by) VALUES ('user', 'u1', 'risk', 'test')");
      const { rows } = await first.services.db.query("SELECT to_regclass('public.otc_lock_orders') IS NOT NULL AS present");
      assert.equal(rows[0].present, true);
      await first.stop();

      const embedded = await startEmbeddedPostgres(dataDir);
      const pool = createPool(embedded.url, { max: 1 });
      try {
        assert.deepEqual(await migrate(pool), []);
        assert.deepEqual(await appliedVersions(pool), (await listMigrations()).map((m) => m.version));
        const grant = await pool.query("SELECT role FROM otc_bot.role_grants WHERE subject_id = 'u1'");
        assert.equal(grant.rows[0].role, 'risk');
      } finally {
        await pool.end();
        await embedded.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
