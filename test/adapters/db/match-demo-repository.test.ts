import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { matchingAccuracy, SourceNotDemoError, seedDemoData } from '../../../src/adapters/db/match-demo-repository.js';
import { insertLocks, lock, T0 } from '../../support/otc-rows.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase({ sourceTables: true });
});
after(async () => database.drop());

const OPTIONS = { locks: 500, seed: 4, days: 10, endMs: Date.parse('2026-11-25T00:00:00Z') };

describe('seedDemoData', () => {
  test('writes the locks, hedges and the true pairing, and can be replaced by another seed', async () => {
    const first = await seedDemoData(database.pool, database.pool, OPTIONS);
    assert.equal(first.locks, 500);
    const counts = await database.pool.query(
      'SELECT (SELECT count(*) FROM otc_lock_orders)::int AS locks, (SELECT count(*) FROM otc_hedge_orders)::int AS hedges, (SELECT count(*) FROM otc_bot.demo_truth)::int AS truth',
    );
    assert.deepEqual(counts.rows[0], { locks: 500, hedges: first.hedges, truth: 500 });
    const again = await seedDemoData(database.pool, database.pool, { ...OPTIONS, seed: 5 });
    assert.equal(again.locks, 500);
    // No matches yet: precision is vacuous, recall 0.
    assert.deepEqual(await matchingAccuracy(database.pool), { precision: 1, recall: 0, predicted: 0, truePairs: (await database.pool.query("SELECT count(*)::int AS n FROM otc_bot.demo_truth WHERE hedge_id IS NOT NULL")).rows[0].n, correct: 0 });
  });

  test('refuses to replace source rows it did not write, unless forced', async () => {
    await insertLocks(database.pool, [lock('REAL-1', T0, 1)]);
    await assert.rejects(seedDemoData(database.pool, database.pool, OPTIONS), SourceNotDemoError);
    const kept = await database.pool.query("SELECT count(*)::int AS n FROM otc_lock_orders WHERE id = 'REAL-1'");
    assert.equal(kept.rows[0].n, 1);
    await seedDemoData(database.pool, database.pool, { ...OPTIONS, force: true });
    const gone = await database.pool.query("SELECT count(*)::int AS n FROM otc_lock_orders WHERE id = 'REAL-1'");
    assert.equal(gone.rows[0].n, 0);
  });
});
