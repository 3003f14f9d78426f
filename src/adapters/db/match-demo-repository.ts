// Demo only: writes generated OTC data into the source relations and the true pairing into
// otc_bot.demo_truth. Refuses to touch source tables that hold anything but earlier demo data.
import type pg from 'pg';
import { type DemoBatch, type DemoOptions, demoOrders } from '../../domain/demo-data.js';

type Queryable = Pick<pg.Pool, 'query'>;

export interface SeedSummary {
  locks: number;
  hedges: number;
  from: Date;
  to: Date;
}

export class SourceNotDemoError extends Error {
  constructor(readonly rows: number) {
    super(`the source tables hold ${rows} rows that the demo generator did not write; refusing to replace them (use --force on a demo database only)`);
  }
}

/** Source rows present, and whether they all came from the demo generator. */
export async function demoSourceState(sourceDb: Queryable, botDb: Queryable): Promise<{ rows: number; demo: boolean }> {
  const locks = (await sourceDb.query<{ n: number }>('SELECT count(*) AS n FROM otc_lock_orders')).rows[0].n;
  const truth = (await botDb.query<{ n: number }>('SELECT count(*) AS n FROM otc_bot.demo_truth')).rows[0].n;
  return { rows: locks, demo: locks === truth };
}

/**
 * Replaces the source tables' content with demo data. `sourceDb` and `botDb` may be one pool.
 * The source tables must exist (createDemoSourceTables).
 */
export async function seedDemoData(sourceDb: Queryable, botDb: Queryable, options: DemoOptions & { force?: boolean }): Promise<SeedSummary> {
  const state = await demoSourceState(sourceDb, botDb);
  if (state.rows > 0 && !state.demo && !options.force) throw new SourceNotDemoError(state.rows);
  await sourceDb.query('TRUNCATE otc_lock_orders, otc_hedge_orders');
  await botDb.query('TRUNCATE otc_bot.demo_truth, otc_bot.matches, otc_bot.unmatched_hedges, otc_bot.match_state');
  let locks = 0;
  let hedges = 0;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const batch of demoOrders(options, 5000)) {
    await insertDemoBatch(sourceDb, botDb, batch);
    locks += batch.locks.length;
    hedges += batch.hedges.length;
    for (const lock of batch.locks) {
      if (lock.lockedAt < from) from = lock.lockedAt;
      if (lock.lockedAt > to) to = lock.lockedAt;
    }
  }
  await sourceDb.query('ANALYZE otc_lock_orders; ANALYZE otc_hedge_orders');
  return { locks, hedges, from: new Date(from), to: new Date(to) };
}

/** Writes one generated batch (source rows and truth). */
export async function insertDemoBatch(sourceDb: Queryable, botDb: Queryable, batch: DemoBatch): Promise<void> {
  const { locks, hedges, truth } = batch;
  await sourceDb.query(
    `INSERT INTO otc_lock_orders (id, client_id, side, base_coin, quote_coin, base_amount, price, locked_at)
     SELECT id, client_id, side, base_coin, quote_coin, amount, price, 'epoch'::timestamptz + interval '1 millisecond' * ms
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::float8[])
            AS r(id, client_id, side, base_coin, quote_coin, amount, price, ms)`,
    [locks.map((l) => l.id), locks.map((l) => l.clientId), locks.map((l) => l.side), locks.map((l) => l.baseCoin), locks.map((l) => l.quoteCoin),
      locks.map((l) => l.baseAmount), locks.map((l) => l.price), locks.map((l) => l.lockedAt)],
  );
  await sourceDb.query(
    `INSERT INTO otc_hedge_orders (id, client_id, side, base_coin, quote_coin, base_amount, avg_price, fee, method, exchange, created_at, finished_at)
     SELECT id, client_id, side, base_coin, quote_coin, amount, price, fee, method, exchange,
            'epoch'::timestamptz + interval '1 millisecond' * created, 'epoch'::timestamptz + interval '1 millisecond' * finished
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::text[], $10::text[], $11::float8[], $12::float8[])
            AS r(id, client_id, side, base_coin, quote_coin, amount, price, fee, method, exchange, created, finished)`,
    [hedges.map((h) => h.id), hedges.map((h) => h.clientId), hedges.map((h) => h.side), hedges.map((h) => h.baseCoin), hedges.map((h) => h.quoteCoin),
      hedges.map((h) => h.baseAmount), hedges.map((h) => h.avgPrice), hedges.map((h) => h.fee), hedges.map((h) => h.method), hedges.map((h) => h.exchange),
      hedges.map((h) => h.createdAt), hedges.map((h) => h.finishedAt)],
  );
  await botDb.query('INSERT INTO otc_bot.demo_truth (lock_id, hedge_id) SELECT * FROM unnest($1::text[], $2::text[])', [truth.map((t) => t[0]), truth.map((t) => t[1])]);
}

/** Precision and recall of otc_bot.matches against the demo truth. */
export async function matchingAccuracy(botDb: Queryable): Promise<{ precision: number; recall: number; predicted: number; truePairs: number; correct: number }> {
  const { rows } = await botDb.query<{ predicted: number; true_pairs: number; correct: number }>(
    `SELECT (SELECT count(*) FROM otc_bot.matches WHERE hedge_id IS NOT NULL) AS predicted,
            (SELECT count(*) FROM otc_bot.demo_truth WHERE hedge_id IS NOT NULL) AS true_pairs,
            (SELECT count(*) FROM otc_bot.matches m JOIN otc_bot.demo_truth t ON t.lock_id = m.lock_id AND t.hedge_id = m.hedge_id) AS correct`,
  );
  const { predicted, true_pairs: truePairs, correct } = rows[0];
  return { precision: predicted ? correct / predicted : 1, recall: truePairs ? correct / truePairs : 1, predicted, truePairs, correct };
}
