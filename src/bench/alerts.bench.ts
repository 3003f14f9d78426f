// Issue 6 figures: one alert cycle over 10,000,000 historical matched orders with 1,000 new locks
// (matching sync, percentile rules, outbox, digest to 50 conversations), and delivery throughput to
// those 50 conversations through the real DingTalk push path against the fake platform.
// Needs a PostgreSQL server: TEST_DATABASE_URL; a dedicated database, dropped after.
// BENCH_ALERT_HISTORY scales the history (default 10,000,000), spread over two years.
// BENCH_ALERT_REUSE=1 keeps the generated history as a template database (otc_bench_alerts_base_<history>)
// and clones it on later runs instead of generating again (drop it by hand when done).
// Only indexes production has are used: the bot schema as migrated, and source tables indexed like
// src/adapters/db/demo-source-tables.sql (id unique, locked_at / created_at).
import pg from 'pg';
import { FakeDingTalk } from '../../test/support/fake-dingtalk/fake-dingtalk.js';
import { createAlertRepository } from '../adapters/db/alert-repository.js';
import { migrate } from '../adapters/db/migrate.js';
import { createPool } from '../adapters/db/pool.js';
import { createLogger } from '../adapters/logger.js';
import { loadConfig } from '../config.js';
import { ALERT_TYPES } from '../domain/alerts/types.js';
import { fixedClock } from '../domain/clock.js';
import { runAlertCycle } from '../handlers/jobs/alert-cycle.js';
import { startBot } from '../main.js';
import type { Benchmark } from './index.js';

const HISTORY = Number(process.env.BENCH_ALERT_HISTORY ?? 10_000_000);
const NEW_LOCKS = 1000;
const CONVERSATIONS = 50;
const T = '2026-11-25T08:00:00Z';
const SPAN_MS = 2 * 365 * 86_400_000;
const COIN = `(ARRAY['BTC','BTC','BTC','BTC','BTC','BTC','BTC','BTC','ETH','ETH','ETH','ETH','ETH','SOL','SOL','XRP','DOGE','TRX','LTC','BNB'])[i % 20 + 1]`;

// History straight into otc_bot.matches (consistent pairs: hedge amount = lock amount, same key, the
// lag after the lock), so the incremental matcher re-pairs them exactly as stored.
const HISTORY_SQL = `
INSERT INTO otc_bot.matches (lock_id, client_id, side, base_coin, quote_coin, lock_amount, lock_price, locked_at, notional, hedge_id,
  hedge_amount, hedge_price, fee, method, exchange, hedge_created_at, pnl, pnl_bps, lag_seconds, residual, updated_at)
SELECT 'h' || i, 'c' || (i % 500), CASE WHEN i % 2 = 0 THEN 'buy' ELSE 'sell' END, ${COIN}, 'USDT', amount, 100, locked_at, amount * 100,
       'hh' || i, amount, 100, 0, 'twap', 'binance', locked_at + lag * interval '1 second', bps * amount / 100, bps, lag, 0, $1::timestamptz - interval '1 day'
  FROM (SELECT i, 1 + (i % 7) * 0.5 AS amount, $1::timestamptz - interval '10 minutes' - i * ($2::float8 / $3) * interval '1 millisecond' AS locked_at,
               round((((random() + random() + random() + random()) - 2) * 15)::numeric, 2) AS bps, round(2 + random() ^ 3 * 600) AS lag
          FROM generate_series(1, $3::int) AS i) g`;

// The source relations as the desk's own tables: the history copied out of matches, indexed like
// demo-source-tables.sql (a unique id and the time column) and nothing more.
const SOURCE_SQL = `
CREATE TABLE otc_lock_orders AS
  SELECT lock_id AS id, client_id, side, base_coin, quote_coin, lock_amount AS base_amount, lock_price AS price, locked_at FROM otc_bot.matches;
CREATE TABLE otc_hedge_orders AS
  SELECT hedge_id AS id, client_id, side, base_coin, quote_coin, hedge_amount AS base_amount, hedge_price AS avg_price, fee, method, exchange,
         hedge_created_at AS created_at, hedge_created_at AS finished_at FROM otc_bot.matches;
ALTER TABLE otc_lock_orders ADD PRIMARY KEY (id);
CREATE INDEX otc_lock_orders_locked_at ON otc_lock_orders (locked_at);
ALTER TABLE otc_hedge_orders ADD PRIMARY KEY (id);
CREATE INDEX otc_hedge_orders_created_at ON otc_hedge_orders (created_at);`;

// 1,000 new locks in the last 5 minutes: 2 % losses, 1 % late hedges, 20 never hedged (arrived late),
// 10 client round trips; the rest ordinary.
const NEW_SQL = `
WITH n AS (
  SELECT j, CASE WHEN j >= 980 THEN 'c7' ELSE 'c' || (j % 500) END AS client_id,
         CASE WHEN j >= 980 THEN (CASE WHEN j % 2 = 0 THEN 'buy' ELSE 'sell' END) WHEN j % 2 = 0 THEN 'buy' ELSE 'sell' END AS side,
         CASE WHEN j >= 980 THEN 'BTC' ELSE (ARRAY['BTC','BTC','BTC','BTC','BTC','BTC','BTC','BTC','ETH','ETH','ETH','ETH','ETH','SOL','SOL','XRP','DOGE','TRX','LTC','BNB'])[j % 20 + 1] END AS coin,
         CASE WHEN j >= 980 THEN 2 + (j - 980) / 2 ELSE 1 + (j % 7) * 0.5 END AS amount,
         CASE WHEN j BETWEEN 960 AND 979 THEN $1::timestamptz - interval '12 minutes' + (j - 960) * interval '1 second'
              WHEN j >= 980 THEN $1::timestamptz - interval '4 minutes' + ((j - 980) / 2) * interval '5 seconds' + (j % 2) * interval '30 seconds'
              ELSE $1::timestamptz - interval '5 minutes' + j * interval '270 milliseconds' END AS locked_at,
         CASE WHEN j % 50 = 0 THEN -150 ELSE round((((random() + random() + random() + random()) - 2) * 15)::numeric, 2) END AS bps,
         CASE WHEN j % 97 = 0 THEN 1500 ELSE 2 + round(random() * 30) END AS lag
    FROM generate_series(0, ${NEW_LOCKS - 1}) AS j
), locks AS (
  INSERT INTO otc_lock_orders SELECT 'n' || j, client_id, side, coin, 'USDT', amount, 100 + CASE WHEN j >= 980 THEN j % 2 ELSE 0 END, locked_at FROM n RETURNING id
)
INSERT INTO otc_hedge_orders
SELECT 'nh' || j, client_id, side, coin, 'USDT', amount, CASE WHEN side = 'buy' THEN 100 - bps / 100 ELSE 100 + bps / 100 END, 0, 'twap', 'binance',
       locked_at + lag * interval '1 second', NULL
  FROM n WHERE j NOT BETWEEN 960 AND 979 AND locked_at + lag * interval '1 second' <= $1::timestamptz`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  return [await work(), Math.round(performance.now() - started)];
}

const dbUrl = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** History, source tables, settled state and subscriptions: everything before the new rows arrive. */
async function buildHistory(url: string): Promise<{ generateMs: number; vacuumMs: number }> {
  const setup = createPool(url, { max: 2 });
  try {
    await migrate(setup);
    await setup.query("SET maintenance_work_mem = '512MB'");
    const [, generateMs] = await timed(async () => {
      await setup.query(HISTORY_SQL, [T, SPAN_MS, HISTORY]);
      await setup.query(SOURCE_SQL);
    });
    const [, vacuumMs] = await timed(() => setup.query('VACUUM ANALYZE otc_bot.matches, otc_lock_orders, otc_hedge_orders'));
    await setup.query(
      `INSERT INTO otc_bot.match_state (id, lock_watermark, hedge_watermark, lock_count, hedge_count, tolerance, max_lag_ms, last_run_at)
       SELECT 1, max(locked_at), max(hedge_created_at), $1, $1, 0.01, 86400000, $2::timestamptz - interval '10 minutes' FROM otc_bot.matches`,
      [HISTORY, T],
    );
    // The cycle has run before: history is history, and nothing matched since is pending.
    await setup.query(`INSERT INTO otc_bot.alert_cycle_state (id, origin_at, matches_watermark, last_started_at) VALUES (1, $1::timestamptz - interval '30 days', $1::timestamptz - interval '1 day', $1::timestamptz - interval '5 minutes')`, [T]);
    const alerts = createAlertRepository(setup);
    for (let i = 0; i < CONVERSATIONS; i += 1) await alerts.subscribe(`cid-bench-${i}`, [...ALERT_TYPES], 'bench');
    return { generateMs, vacuumMs };
  } finally {
    await setup.end();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'alerts-cycle',
    async run() {
      const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const name = 'otc_bench_alerts';
      const base = `otc_bench_alerts_base_${HISTORY}`;
      const reuse = process.env.BENCH_ALERT_REUSE === '1';
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      let built: { generateMs: number; vacuumMs: number } | null = null;
      let cloneMs = 0;
      if (reuse) {
        const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [base]);
        if (!rowCount) {
          await admin.query(`CREATE DATABASE ${base}`);
          try {
            built = await buildHistory(dbUrl(serverUrl, base));
          } catch (error) {
            await admin.query(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
            throw error;
          }
        }
        [, cloneMs] = await timed(() => admin.query(`CREATE DATABASE ${name} TEMPLATE ${base}`));
      } else {
        await admin.query(`CREATE DATABASE ${name}`);
      }
      const url = dbUrl(serverUrl, name);
      const fake = await FakeDingTalk.start();
      const setup = createPool(url, { max: 2 });
      try {
        if (!reuse) built = await buildHistory(url);
        await setup.query(NEW_SQL, [T]);
        await setup.query('ANALYZE otc_lock_orders; ANALYZE otc_hedge_orders');

        const app = await startBot(loadConfig({ ...fake.env, DATABASE_URL: url, HTTP_PORT: '0', LOG_LEVEL: 'warn' }), {
          clock: fixedClock(T),
          listen: false,
          jobs: false,
          logger: createLogger('warn'),
        });
        try {
          // The last cycle (10 minutes ago) also reconciled the whole source tables (hourly, match-sync.ts).
          await app.services.db.query(`UPDATE otc_bot.match_state SET reconciled_at = $1::timestamptz - interval '10 minutes'`, [T]);
          const outcome = await runAlertCycle(app.services);
          if (!outcome.ok) throw new Error(`cycle failed: ${outcome.error}`);
          const created = Object.values(outcome.created).reduce((sum, n) => sum + (n ?? 0), 0);
          const messages = fake.botMessages().length;
          return [
            {
              // The cycle's own work; pushing 50 digests is bounded by DingTalk's QPS and reported below.
              figure: 'alert_cycle_ms',
              value: outcome.phases.syncMs + outcome.phases.detectMs,
              withDeliveryMs: Math.round(outcome.durationMs),
              target: '< 2000',
              history: HISTORY,
              newLocks: NEW_LOCKS,
              evaluated: outcome.evaluated,
              alertsCreated: outcome.created,
              ...outcome.phases,
              note: 'sync = incremental matching (new-row detection over the lateness margin, re-match, write); detect = percentile rules, unhedged, round trips, outbox; deliver = 50 digests with a chart',
            },
            {
              figure: 'alert_delivery_per_second',
              value: Number(((outcome.delivery.sent / Math.max(1, outcome.phases.deliverMs)) * 1000).toFixed(1)),
              conversations: CONVERSATIONS,
              digests: outcome.delivery.sent,
              alertsPerDigest: created,
              platformMessages: messages,
              deliverMs: outcome.phases.deliverMs,
              note: 'fake DingTalk over local HTTP, real OpenAPI client (token, rate limiter, media upload)',
            },
            built
              ? { figure: 'alert_bench_setup_ms', value: built.generateMs + built.vacuumMs, ...built, cloneMs, reusable: reuse ? base : null }
              : { figure: 'alert_bench_setup_ms', reused: base, cloneMs },
          ];
        } finally {
          await app.stop();
        }
      } finally {
        await setup.end();
        await fake.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
  },
];
