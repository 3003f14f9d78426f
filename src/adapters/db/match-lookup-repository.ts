// Single orders and what is left unmatched, read from otc_bot.matches / unmatched_hedges.
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface StoredMatch {
  lockId: string; clientId: string; side: string; baseCoin: string; quoteCoin: string;
  lockAmount: string; lockPrice: string; lockedAt: Date; notional: string;
  hedgeId: string | null; hedgeAmount: string | null; hedgePrice: string | null; fee: string | null;
  method: string | null; exchange: string | null; hedgeCreatedAt: Date | null;
  pnl: string | null; pnlBps: number | null; lagSeconds: number | null; residual: string | null;
}

export interface HistoryRanks {
  /** Orders in the history (same coin, or all coins when too few). */
  n: number;
  scope: 'coin' | 'all';
  /** Share of history with a value at or below this order's, 0..1. */
  pnlBpsRank: number;
  lagRank: number;
  p5Bps: number; p50Bps: number; p95Bps: number; p95Lag: number;
}

export interface UnmatchedHedge {
  hedgeId: string; clientId: string; side: string; baseCoin: string; quoteCoin: string;
  hedgeAmount: string; hedgePrice: string; method: string; exchange: string; hedgeCreatedAt: Date;
}

const camel = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), value]));

export function createMatchLookupRepository(db: Queryable) {
  return {
    async byLockId(lockId: string): Promise<StoredMatch | null> {
      const { rows } = await db.query(
        `SELECT lock_id, client_id, side, base_coin, quote_coin, lock_amount::text, lock_price::text, locked_at, notional::text,
                hedge_id, hedge_amount::text, hedge_price::text, fee::text, method, exchange, hedge_created_at,
                pnl::text, pnl_bps, lag_seconds, residual::text
           FROM otc_bot.matches WHERE lock_id = $1`,
        [lockId],
      );
      return rows[0] ? (camel(rows[0]) as unknown as StoredMatch) : null;
    },
    /** Lock ids next to the one asked for in sort order, to help after a typo. */
    async similarLockIds(lockId: string, limit = 6): Promise<string[]> {
      const { rows } = await db.query<{ lock_id: string }>(
        `(SELECT lock_id FROM otc_bot.matches WHERE lock_id < $1 ORDER BY lock_id DESC LIMIT $2)
         UNION ALL (SELECT lock_id FROM otc_bot.matches WHERE lock_id > $1 ORDER BY lock_id LIMIT $2)`,
        [lockId, Math.ceil(limit / 2)],
      );
      return rows.map((row) => row.lock_id).sort();
    },
    /** Where an order sits among earlier matched orders of its coin in the trailing window (all coins if too few). */
    async historyRanks(match: StoredMatch, windowMs: number, minSamples: number): Promise<HistoryRanks> {
      const query = async (coin: string | null) => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n, avg((pnl_bps <= $4)::int)::float8 AS bps_rank, avg((lag_seconds <= $5)::int)::float8 AS lag_rank,
                  percentile_cont(0.05) WITHIN GROUP (ORDER BY pnl_bps) AS p5, percentile_cont(0.5) WITHIN GROUP (ORDER BY pnl_bps) AS p50,
                  percentile_cont(0.95) WITHIN GROUP (ORDER BY pnl_bps) AS p95, percentile_cont(0.95) WITHIN GROUP (ORDER BY lag_seconds) AS p95_lag
             FROM otc_bot.matches
            WHERE hedge_id IS NOT NULL AND locked_at < $1 AND locked_at >= $1 - $2 * interval '1 millisecond' AND ($3::text IS NULL OR base_coin = $3)`,
          [match.lockedAt, windowMs, coin, match.pnlBps, match.lagSeconds],
        );
        return rows[0];
      };
      let scope: 'coin' | 'all' = 'coin';
      let row = await query(match.baseCoin);
      if (row.n < minSamples) {
        scope = 'all';
        row = await query(null);
      }
      return { n: row.n, scope, pnlBpsRank: row.bps_rank, lagRank: row.lag_rank, p5Bps: row.p5, p50Bps: row.p50, p95Bps: row.p95, p95Lag: row.p95_lag };
    },
    /** pnl_bps of the history used by historyRanks (for a histogram), at most `limit` most recent. */
    async historyPnlBps(match: StoredMatch, windowMs: number, scope: 'coin' | 'all', limit = 50_000): Promise<number[]> {
      const { rows } = await db.query<{ v: number }>(
        `SELECT pnl_bps AS v FROM otc_bot.matches
          WHERE hedge_id IS NOT NULL AND locked_at < $1 AND locked_at >= $1 - $2 * interval '1 millisecond' AND ($3::text IS NULL OR base_coin = $3)
          ORDER BY locked_at DESC LIMIT $4`,
        [match.lockedAt, windowMs, scope === 'coin' ? match.baseCoin : null, limit],
      );
      return rows.map((row) => row.v);
    },
    async unmatchedLocks(from: Date, to: Date, limit: number): Promise<{ total: number; rows: StoredMatch[] }> {
      const { rows } = await db.query(
        `SELECT lock_id, client_id, side, base_coin, quote_coin, lock_amount::text, lock_price::text, locked_at, notional::text,
                count(*) OVER ()::int AS total
           FROM otc_bot.matches WHERE hedge_id IS NULL AND locked_at >= $1 AND locked_at < $2 ORDER BY locked_at, lock_id LIMIT $3`,
        [from, to, limit],
      );
      return { total: rows[0]?.total ?? 0, rows: rows.map((row) => camel(row) as unknown as StoredMatch) };
    },
    async unmatchedHedges(from: Date, to: Date, limit: number): Promise<{ total: number; rows: UnmatchedHedge[] }> {
      const { rows } = await db.query(
        `SELECT hedge_id, client_id, side, base_coin, quote_coin, hedge_amount::text, hedge_price::text, method, exchange, hedge_created_at,
                count(*) OVER ()::int AS total
           FROM otc_bot.unmatched_hedges WHERE hedge_created_at >= $1 AND hedge_created_at < $2 ORDER BY hedge_created_at, hedge_id LIMIT $3`,
        [from, to, limit],
      );
      return { total: rows[0]?.total ?? 0, rows: rows.map((row) => camel(row) as unknown as UnmatchedHedge) };
    },
  };
}
