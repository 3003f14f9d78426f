// What drives hedge P&L: one pass over the period's matched orders in PostgreSQL, broken down by
// method, exchange, coin, side, lag bucket, size quintile and hour of day, plus regressions of
// pnl_bps on log10(lag) and log10(notional). Totals are in USD for USD stablecoin quotes (1:1);
// other quote coins are counted but left out of the USD total, never mixed in.
import type pg from 'pg';
import type { RegressionSums } from '../../domain/stats.js';
import { withTransaction } from './pool.js';

type Queryable = Pick<pg.Pool, 'query'>;

/**
 * Runs `work` in a transaction with a larger work_mem, so the sorts behind medians and quintiles
 * stay in memory (the 4 MB default spills a month of orders to disk).
 */
export async function withWorkMem<T>(db: Queryable | pg.Pool, work: (client: Queryable) => Promise<T>, workMem = '64MB'): Promise<T> {
  if (!('connect' in db)) return work(db);
  return withTransaction(db, async (client) => {
    await client.query(`SET LOCAL work_mem = '${workMem.replace(/[^0-9A-Za-z]/g, '')}'`);
    return work(client);
  });
}

export const FACTOR_DIMENSIONS = ['method', 'exchange', 'coin', 'side', 'lag', 'size', 'hour'] as const;
export type FactorDimension = (typeof FACTOR_DIMENSIONS)[number];
export const USD_STABLECOINS = ['USDT', 'USDC', 'USD', 'FDUSD', 'DAI', 'BUSD'];

/** Lag buckets in seconds: [label, upper bound exclusive]. */
export const LAG_BUCKETS: [string, number][] = [['<0s', 0], ['0-10s', 10], ['10-60s', 60], ['1-5m', 300], ['5-30m', 1800], ['>30m', Number.POSITIVE_INFINITY]];

export interface FactorRow {
  dimension: FactorDimension;
  value: string;
  /** Sort position inside the dimension (bucket order, hour, quintile). */
  order: number;
  count: number;
  meanBps: number;
  medianBps: number;
  sdBps: number;
  /** Σ pnl of USD-stablecoin-quoted orders, as decimal text. */
  totalPnlUsd: string;
  /** Orders quoted in other coins (not in the USD total). */
  otherQuoteCount: number;
  /** Size quintiles: notional range. */
  minNotional?: number;
  maxNotional?: number;
}

const LAG_CASE = `CASE ${LAG_BUCKETS.slice(0, -1).map(([label, upper], i) => `WHEN lag_seconds < ${upper} THEN '${i}|${label}'`).join(' ')} ELSE '${LAG_BUCKETS.length - 1}|${LAG_BUCKETS[LAG_BUCKETS.length - 1][0]}' END`;

export function createMatchFactorsRepository(db: Queryable) {
  return {
    async breakdown(from: Date, to: Date, timeZone: string, coin: string | null): Promise<FactorRow[]> {
      // One scan, one sort per dimension (GROUPING SETS); sorts fit in memory with a larger work_mem.
      const rows = await withWorkMem(db, (client) =>
        client.query(
          `WITH m AS (
             SELECT pnl, pnl_bps, notional, quote_coin, method, exchange, base_coin, side, ${LAG_CASE} AS lag_bucket,
                    extract(hour FROM locked_at AT TIME ZONE $3)::int AS hour, ntile(5) OVER (ORDER BY notional) AS size_q
               FROM otc_bot.matches
              WHERE hedge_id IS NOT NULL AND locked_at >= $1 AND locked_at < $2 AND ($4::text IS NULL OR base_coin = $4))
           SELECT CASE WHEN grouping(method) = 0 THEN 'method' WHEN grouping(exchange) = 0 THEN 'exchange' WHEN grouping(base_coin) = 0 THEN 'coin'
                       WHEN grouping(side) = 0 THEN 'side' WHEN grouping(lag_bucket) = 0 THEN 'lag' WHEN grouping(size_q) = 0 THEN 'size' ELSE 'hour' END AS dim,
                  coalesce(method, exchange, base_coin, side, lag_bucket, size_q::text, lpad(hour::text, 2, '0')) AS value,
                  count(*)::int AS count, avg(pnl_bps) AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY pnl_bps) AS median,
                  coalesce(stddev_samp(pnl_bps), 0) AS sd, coalesce(sum(pnl) FILTER (WHERE quote_coin = ANY($5)), 0)::text AS usd,
                  count(*) FILTER (WHERE NOT quote_coin = ANY($5))::int AS other, min(notional)::float8 AS min_notional, max(notional)::float8 AS max_notional
             FROM m GROUP BY GROUPING SETS ((method), (exchange), (base_coin), (side), (lag_bucket), (size_q), (hour))`,
          [from, to, timeZone, coin, USD_STABLECOINS],
        ),
      );
      return rows.rows.map((row) => {
        const [order, label] = row.dim === 'lag' ? String(row.value).split('|') : [row.dim === 'size' || row.dim === 'hour' ? row.value : '0', row.value];
        return {
          dimension: row.dim,
          value: label,
          order: Number(order),
          count: row.count,
          meanBps: row.mean,
          medianBps: row.median,
          sdBps: row.sd,
          totalPnlUsd: row.usd,
          otherQuoteCount: row.other,
          ...(row.dim === 'size' ? { minNotional: row.min_notional, maxNotional: row.max_notional } : {}),
        } satisfies FactorRow;
      });
    },
    /** Sums for pnl_bps ~ log10(lag seconds, at least 1 s) and pnl_bps ~ log10(notional). */
    async regressions(from: Date, to: Date, coin: string | null): Promise<{ lag: RegressionSums; size: RegressionSums }> {
      const { rows } = await db.query(
        `SELECT regr_count(pnl_bps, log(greatest(lag_seconds, 1)))::int AS ln, regr_sxx(pnl_bps, log(greatest(lag_seconds, 1))) AS lxx,
                regr_syy(pnl_bps, log(greatest(lag_seconds, 1))) AS lyy, regr_sxy(pnl_bps, log(greatest(lag_seconds, 1))) AS lxy,
                regr_count(pnl_bps, log(notional::float8))::int AS sn, regr_sxx(pnl_bps, log(notional::float8)) AS sxx,
                regr_syy(pnl_bps, log(notional::float8)) AS syy, regr_sxy(pnl_bps, log(notional::float8)) AS sxy
           FROM otc_bot.matches WHERE hedge_id IS NOT NULL AND locked_at >= $1 AND locked_at < $2 AND ($3::text IS NULL OR base_coin = $3)`,
        [from, to, coin],
      );
      const r = rows[0];
      return {
        lag: { n: r.ln, sxx: r.lxx ?? 0, syy: r.lyy ?? 0, sxy: r.lxy ?? 0 },
        size: { n: r.sn, sxx: r.sxx ?? 0, syy: r.syy ?? 0, sxy: r.sxy ?? 0 },
      };
    },
  };
}
