// Issue 5 figures: (a) matching 1M locks vs 1M hedges in memory; (b) full match from PostgreSQL
// (load + match + persist); (c) an incremental run with 1,000 new locks on top; (d) /pnl and
// /factors latency over those orders; (e) matching accuracy against the demo truth.
// (b)–(e) need a PostgreSQL server: TEST_DATABASE_URL (a fresh database, dropped after).
// BENCH_LOCKS scales the data set (default 1,000,000).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { insertDemoBatch, matchingAccuracy, seedDemoData } from '../adapters/db/match-demo-repository.js';
import { createDemoSourceTables } from '../adapters/db/migrate.js';
import { createLogger } from '../adapters/logger.js';
import { loadConfig } from '../config.js';
import { fixedClock } from '../domain/clock.js';
import { type DemoBatch, demoOrders } from '../domain/demo-data.js';
import { type HedgeOrder, type LockOrder, matchLocksToHedges } from '../domain/matching.js';
import { syncMatches } from '../handlers/jobs/match-sync.js';
import { startBot } from '../main.js';
import type { Benchmark } from './index.js';

const LOCKS = Number(process.env.BENCH_LOCKS ?? 1_000_000);
const DAYS = 365;
const SEED = 5;
const END = Date.parse('2026-11-25T00:00:00Z');
const RULES = { tolerance: 0.01, maxLagMs: 24 * 3600_000 };
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function inMemoryData() {
  const locks: LockOrder[] = [];
  const hedges: HedgeOrder[] = [];
  const truth = new Map<string, string | null>();
  for (const batch of demoOrders({ locks: LOCKS, seed: SEED, days: DAYS, endMs: END })) {
    for (const l of batch.locks) locks.push({ ...l, baseAmount: Number(l.baseAmount), baseAmountText: l.baseAmount, price: Number(l.price) });
    for (const h of batch.hedges) hedges.push({ ...h, baseAmount: Number(h.baseAmount), baseAmountText: h.baseAmount, avgPrice: Number(h.avgPrice), fee: Number(h.fee) });
    for (const [lock, hedge] of batch.truth) truth.set(lock, hedge);
  }
  return { locks, hedges, truth };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, Math.round(performance.now() - started)];
}

export const benchmarks: Benchmark[] = [
  {
    name: 'matching-memory',
    async run() {
      const { locks, hedges, truth } = inMemoryData();
      global.gc?.();
      const before = process.memoryUsage().rss;
      const runs: number[] = [];
      let result = matchLocksToHedges(locks, hedges, RULES);
      for (let i = 0; i < 3; i += 1) {
        const started = performance.now();
        result = matchLocksToHedges(locks, hedges, RULES);
        runs.push(performance.now() - started);
      }
      let predicted = 0;
      let correct = 0;
      locks.forEach((lock, i) => {
        if (result.hedgeOfLock[i] < 0) return;
        predicted += 1;
        if (truth.get(lock.id) === hedges[result.hedgeOfLock[i]].id) correct += 1;
      });
      const truePairs = [...truth.values()].filter((h) => h !== null).length;
      return [
        {
          figure: '(a) match_in_memory_ms',
          value: Math.round(Math.min(...runs)),
          runs_ms: runs.map(Math.round),
          locks: locks.length,
          hedges: hedges.length,
          rss_with_data_mb: mb(before),
          peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
          target_ms: 3000,
        },
        { figure: '(e) accuracy_in_memory', precision: Number((correct / predicted).toFixed(5)), recall: Number((correct / truePairs).toFixed(5)), target: 0.995 },
      ];
    },
  },
  {
    name: 'matching-postgres',
    async run() {
      const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const name = `otc_bench_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const clock = fixedClock(new Date(END + 3600_000));
      const config = { ...loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' }), consoleEnabled: true };
      const app = await startBot(config, { clock, listen: false, jobs: false, seedDemo: false, logger: createLogger('silent') });
      const figures: Record<string, unknown>[] = [];
      try {
        const { db } = app.services;
        await createDemoSourceTables(db);
        const [seeded, seedMs] = await timed(() => seedDemoData(db, db, { locks: LOCKS, seed: SEED, days: DAYS, endMs: END }));
        const [full, fullMs] = await timed(() => syncMatches(app.services, { full: true }));
        await db.query('VACUUM ANALYZE otc_bot.matches');
        figures.push({ figure: '(b) full_match_from_postgres_ms', value: fullMs, locks: seeded.locks, hedges: seeded.hedges, seed_ms: seedMs, mode: full.mode });
        // (c) 1,000 new locks and their hedges arrive after the last run.
        const extra: DemoBatch | undefined = demoOrders({ locks: 1000, seed: SEED + 1, days: 0.02, endMs: END + 1800_000 }).next().value;
        if (!extra) throw new Error('no extra batch');
        const renamed = {
          locks: extra.locks.map((l) => ({ ...l, id: `N${l.id}` })),
          hedges: extra.hedges.map((h) => ({ ...h, id: `N${h.id}` })),
          truth: extra.truth.map(([l, h]) => [`N${l}`, h === null ? null : `N${h}`] as [string, string | null]),
        };
        await insertDemoBatch(db, db, renamed);
        const [incremental, incrementalMs] = await timed(() => syncMatches(app.services));
        figures.push({ figure: '(c) incremental_1000_locks_ms', value: incrementalMs, mode: incremental.mode, new_locks: incremental.newLocks, changed: incremental.changedLockIds.length, target_ms: 1000 });
        const ask = (text: string) => app.router.handle({ text, staffId: 'console-admin', nick: 'bench', conversation: { id: 'bench', type: 'group' } });
        const matched = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM otc_bot.matches WHERE hedge_id IS NOT NULL')).rows[0].n;
        for (const command of ['/pnl 30d by=coin', '/factors 30d', '/pnl 365d by=coin', '/factors 365d']) {
          // The first run also checks the source for new rows (commands then skip that for 5 s).
          const [, firstMs] = await timed(() => ask(command));
          const times: number[] = [];
          for (let i = 0; i < 3; i += 1) times.push((await timed(() => ask(command)))[1]);
          const { rows } = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM otc_bot.matches WHERE hedge_id IS NOT NULL AND locked_at >= $1`,
            [new Date(END + 3600_000 - Number(command.match(/(\d+)d/)?.[1]) * 86_400_000)],
          );
          figures.push({ figure: `(d) ${command} latency_ms`, value: Math.min(...times), runs_ms: times, first_ms: firstMs, orders_in_period: rows[0].n, matched_orders_in_table: matched, target_ms: 500 });
        }
        const accuracy = await matchingAccuracy(db);
        figures.push({ figure: '(e) accuracy_postgres', ...accuracy, precision: Number(accuracy.precision.toFixed(5)), recall: Number(accuracy.recall.toFixed(5)), target: 0.995 });
        return figures;
      } finally {
        await app.stop();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
  },
];
