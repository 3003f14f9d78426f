// What the alert cycle reads about orders: newly matched orders, still-open locks (otc_bot.matches),
// rank slices of the history percentiles, and recent locks from the source relation for round trips.
// numeric arrives as text and is converted here once; alert math needs doubles only (thresholds and
// display, not money sums).
import type pg from 'pg';
import type { MatchedOrder } from '../../domain/alerts/anomaly.js';
import type { HistoryPoint } from '../../domain/alerts/history.js';
import type { RankSlice } from '../../domain/alerts/percentile.js';
import type { LockOrder } from '../../domain/alerts/round-trips.js';
import type { OpenLock } from '../../domain/alerts/unhedged.js';

type Queryable = Pick<pg.Pool, 'query'>;
export type HistoryMetric = 'pnl_bps' | 'pnl';
/** A coin, or null for all coins (the min-samples fallback). */
export type HistoryScope = string | null;

const MATCHED = 'hedge_id IS NOT NULL';
const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
const metricColumn = (metric: HistoryMetric) => (metric === 'pnl' ? 'pnl::float8' : 'pnl_bps');

function scoped(scope: HistoryScope, firstParam: number): { sql: string; params: unknown[] } {
  return scope === null ? { sql: '', params: [] } : { sql: ` AND base_coin = $${firstParam}`, params: [scope] };
}

export function createAlertHistoryRepository(db: Queryable, sourceDb: Queryable) {
  return {
    /**
     * Matched orders changed since the watermark and locked at/after the origin, oldest change first.
     * No LIMIT: one matching run writes all its rows with the same updated_at, and a page cut inside
     * such a tie would skip rows for good.
     */
    async newlyMatched(originAt: Date, watermark: Date | null): Promise<{ orders: MatchedOrder[]; maxUpdatedAt: Date | null }> {
      const { rows } = await db.query(
        `SELECT lock_id, client_id, side, base_coin, quote_coin, locked_at, notional::float8 AS notional, lock_amount::float8 AS amount,
                lock_price::float8 AS price, pnl::float8 AS pnl,
                pnl_bps, lag_seconds, method, exchange, updated_at
           FROM otc_bot.matches
          WHERE ${MATCHED} AND locked_at >= $1 AND ($2::timestamptz IS NULL OR updated_at > $2)
          ORDER BY updated_at, lock_id`,
        [originAt, watermark],
      );
      return {
        orders: rows.map((row) => ({
          lockId: row.lock_id,
          clientId: row.client_id,
          side: row.side,
          baseCoin: row.base_coin,
          quoteCoin: row.quote_coin,
          lockedAt: row.locked_at,
          notional: row.notional,
          amount: row.amount,
          price: row.price,
          pnl: row.pnl,
          pnlBps: row.pnl_bps,
          lagSeconds: row.lag_seconds,
          method: row.method ?? undefined,
          exchange: row.exchange ?? undefined,
        })),
        maxUpdatedAt: rows.length > 0 ? rows[rows.length - 1].updated_at : watermark,
      };
    },

    /** Locks without a hedge, locked in [from, to), that have no unhedged alert yet. */
    async openLocks(from: Date, to: Date): Promise<OpenLock[]> {
      const { rows } = await db.query(
        `SELECT m.lock_id, m.client_id, m.side, m.base_coin, m.quote_coin, m.lock_amount::float8 AS amount, m.lock_price::float8 AS price,
                m.notional::float8 AS notional, m.locked_at
           FROM otc_bot.matches m
          WHERE m.hedge_id IS NULL AND m.locked_at >= $1 AND m.locked_at < $2
            AND NOT EXISTS (SELECT 1 FROM otc_bot.alert_outbox o WHERE o.alert_key = 'unhedged:' || m.lock_id)`,
        [from, to],
      );
      return rows.map((row) => ({
        lockId: row.lock_id,
        clientId: row.client_id,
        side: row.side,
        baseCoin: row.base_coin,
        quoteCoin: row.quote_coin,
        amount: row.amount,
        price: row.price,
        notional: row.notional,
        lockedAt: row.locked_at,
      }));
    },

    async historyCount(scope: HistoryScope, from: Date, to: Date): Promise<number> {
      const where = scoped(scope, 3);
      const { rows } = await db.query(`SELECT count(*) AS n FROM otc_bot.matches WHERE ${MATCHED} AND locked_at >= $1 AND locked_at < $2${where.sql}`, [from, to, ...where.params]);
      return Number(rows[0].n);
    },

    /**
     * Ranks [offset, offset + limit) of one column over the history range. Ranks past the middle are
     * read from the top (DESC) so PostgreSQL keeps a small top-N heap instead of sorting everything.
     */
    async rankSlice(scope: HistoryScope, column: 'metric' | 'lag', metric: HistoryMetric, from: Date, to: Date, count: number, offset: number, limit: number): Promise<RankSlice> {
      if (limit <= 0 || count === 0) return { count, offset, values: [] };
      const expression = column === 'lag' ? 'lag_seconds' : metricColumn(metric);
      const fromTop = offset + limit / 2 > count / 2;
      const skip = fromTop ? count - offset - limit : offset;
      const where = scoped(scope, 5);
      const { rows } = await db.query(
        `SELECT ${expression} AS v FROM otc_bot.matches WHERE ${MATCHED} AND locked_at >= $1 AND locked_at < $2${where.sql}
          ORDER BY 1 ${fromTop ? 'DESC' : 'ASC'} OFFSET $3 LIMIT $4`,
        [from, to, skip, limit, ...where.params],
      );
      const values = rows.map((row) => Number(row.v));
      return { count, offset, values: fromTop ? values.reverse() : values };
    },

    /** History rows in [a, b) ∪ [c, d): the per-order ends of the windows. */
    async historyRows(scope: HistoryScope, metric: HistoryMetric, ranges: [Date, Date][]): Promise<HistoryPoint[]> {
      const params: unknown[] = [];
      const conditions = ranges.map(([from, to]) => {
        params.push(from, to);
        return `(locked_at >= $${params.length - 1} AND locked_at < $${params.length})`;
      });
      const where = scoped(scope, params.length + 1);
      const { rows } = await db.query(
        `SELECT ${epochMs('locked_at')} AS t, ${metricColumn(metric)} AS m, lag_seconds AS l FROM otc_bot.matches
          WHERE ${MATCHED} AND (${conditions.join(' OR ')})${where.sql}`,
        [...params, ...where.params],
      );
      return rows.map((row) => ({ lockedAtMs: Number(row.t), metric: Number(row.m), lag: Number(row.l) }));
    },

    /** Most recent history values of one coin for the digest chart (bounded, index order). */
    async recentValues(coin: string, column: 'metric' | 'lag', metric: HistoryMetric, from: Date, to: Date, limit: number): Promise<number[]> {
      const expression = column === 'lag' ? 'lag_seconds' : metricColumn(metric);
      const { rows } = await db.query(
        `SELECT ${expression} AS v FROM otc_bot.matches WHERE ${MATCHED} AND base_coin = $1 AND locked_at >= $2 AND locked_at < $3
          ORDER BY locked_at DESC LIMIT $4`,
        [coin, from, to, limit],
      );
      return rows.map((row) => Number(row.v));
    },

    /** Lock orders from the source relation (read only) locked in [from, to]. */
    async sourceLocks(from: Date, to: Date): Promise<LockOrder[]> {
      const { rows } = await sourceDb.query(
        `SELECT id, client_id, side, base_coin, quote_coin, base_amount::float8 AS amount, price::float8 AS price, locked_at
           FROM otc_lock_orders WHERE locked_at >= $1 AND locked_at <= $2`,
        [from, to],
      );
      return rows.map((row) => ({
        id: row.id,
        clientId: row.client_id,
        side: row.side,
        baseCoin: row.base_coin,
        quoteCoin: row.quote_coin,
        amount: row.amount,
        price: row.price,
        lockedAt: row.locked_at,
      }));
    },
  };
}

export type AlertHistoryRepository = ReturnType<typeof createAlertHistoryRepository>;
