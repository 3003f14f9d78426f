// The SQL rank-slice path gives exactly PostgreSQL's own percentile_cont over each order's window,
// per coin, with the all-coin fallback under min_samples.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAlertHistoryRepository } from '../../src/adapters/db/alert-history-repository.js';
import type { MatchedOrder } from '../../src/domain/alerts/anomaly.js';
import { historyThresholds } from '../../src/handlers/alerts/anomaly-evaluation.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SEED = Number(process.env.ALERT_TEST_SEED ?? 6061);
const T0 = Date.parse('2026-11-20T00:00:00Z');
const HOUR = 3_600_000;

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  const next = random(SEED);
  const rows: string[] = [];
  const coins = ['BTC', 'BTC', 'BTC', 'ETH', 'ETH', 'DOGE'];
  for (let i = 0; i < 3000; i += 1) {
    const coin = i % 150 === 0 ? 'XRP' : coins[Math.floor(next() * coins.length)];
    const at = new Date(T0 - Math.floor(next() * 6 * 24 * HOUR)).toISOString();
    // Rounded values make ties, which a rank method must handle like percentile_cont does.
    const bps = Math.round((next() - 0.5) * 40);
    const lag = Math.round(next() * next() * 600);
    rows.push(`('L${i}', 'C${i % 7}', 'buy', '${coin}', 'USDT', 1, 100, '${at}', 100, 'H${i}', ${bps / 100}, ${bps}, ${lag})`);
  }
  await database.pool.query(
    `INSERT INTO otc_bot.matches (lock_id, client_id, side, base_coin, quote_coin, lock_amount, lock_price, locked_at, notional, hedge_id, pnl, pnl_bps, lag_seconds)
     VALUES ${rows.join(',')}`,
  );
});
after(async () => {
  await database.drop();
});

async function expected(coin: string | null, at: Date, windowMs: number) {
  const { rows } = await database.pool.query(
    `SELECT count(*)::int AS n, percentile_cont(0.05) WITHIN GROUP (ORDER BY pnl_bps) AS low, percentile_cont(0.95) WITHIN GROUP (ORDER BY pnl_bps) AS high,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY lag_seconds) AS lag
       FROM otc_bot.matches WHERE hedge_id IS NOT NULL AND locked_at >= $1 AND locked_at < $2 AND ($3::text IS NULL OR base_coin = $3)`,
    [new Date(at.getTime() - windowMs), at, coin],
  );
  return rows[0];
}

describe('history percentiles in SQL', () => {
  test(`equal percentile_cont per order (seed ${SEED})`, async () => {
    const next = random(SEED + 1);
    const windowMs = 2 * 24 * HOUR;
    // Orders across 5 hours (several batches), in coins with plenty, few (XRP) and no (SOL) history.
    const orders: MatchedOrder[] = Array.from({ length: 40 }, (_, i) => ({
      lockId: `N${i}`,
      clientId: 'C1',
      side: 'buy',
      baseCoin: ['BTC', 'ETH', 'DOGE', 'XRP', 'SOL'][i % 5],
      quoteCoin: 'USDT',
      lockedAt: new Date(T0 - Math.floor(next() * 5 * HOUR)),
      notional: 100,
      amount: 1,
      price: 100,
      pnl: 0,
      pnlBps: 0,
      lagSeconds: 0,
    }));
    const settings = { metric: 'pnl_bps' as const, percentileLow: 5, percentileHigh: 95, lagPercentile: 90, minSamples: 30, windowMs };
    const thresholds = await historyThresholds(createAlertHistoryRepository(database.pool, database.pool), orders, settings);
    let fellBack = 0;
    for (const [i, order] of orders.entries()) {
      const own = await expected(order.baseCoin, order.lockedAt, windowMs);
      const scope = own.n >= 30 ? 'coin' : 'all';
      const want = scope === 'coin' ? own : await expected(null, order.lockedAt, windowMs);
      const got = thresholds[i];
      if (scope === 'all') fellBack += 1;
      assert.equal(got.scope, scope, `order ${order.lockId} ${order.baseCoin}`);
      assert.equal(got.sampleSize, want.n);
      for (const [name, value] of [['low', got.metricLow], ['high', got.metricHigh], ['lag', got.lagHigh]] as const) {
        assert.ok(Math.abs((value as number) - want[name]) < 1e-9, `${order.lockId} ${name}: ${value} vs ${want[name]} (seed ${SEED})`);
      }
    }
    assert.ok(fellBack >= 16, 'XRP and SOL orders use the all-coin history');
  });
});
