// The bot's copy of the matching result (otc_bot.matches, unmatched_hedges, match_state).
// P&L is computed here by PostgreSQL in numeric from the domain.md formula, so stored money is exact.
import type pg from 'pg';
import { HOUR_OF, type KeyFilter, type SourceHedge, type SourceLock } from './match-source-repository.js';

type Queryable = Pick<pg.Pool, 'query'>;

export interface MatchState {
  lockWatermarkMs: number | null;
  hedgeWatermarkMs: number | null;
  lockCount: number;
  hedgeCount: number;
  tolerance: number;
  maxLagMs: number;
  /** When the whole source tables were last counted against lockCount / hedgeCount. */
  reconciledAtMs: number | null;
}


const BATCH = 5000;
const EPOCH_US = `'epoch'::timestamptz + interval '1 microsecond' *`;

export function createMatchRepository(db: Queryable) {
  return {
    async state(): Promise<MatchState | null> {
      const { rows } = await db.query(
        `SELECT (extract(epoch FROM lock_watermark) * 1000)::float8 AS lw, (extract(epoch FROM hedge_watermark) * 1000)::float8 AS hw,
                lock_count, hedge_count, tolerance, max_lag_ms, (extract(epoch FROM reconciled_at) * 1000)::float8 AS rw
           FROM otc_bot.match_state WHERE id = 1`,
      );
      const row = rows[0];
      if (!row) return null;
      return {
        lockWatermarkMs: row.lw, hedgeWatermarkMs: row.hw, lockCount: Number(row.lock_count), hedgeCount: Number(row.hedge_count), tolerance: row.tolerance, maxLagMs: Number(row.max_lag_ms),
        reconciledAtMs: row.rw,
      };
    },
    async saveState(state: MatchState, at: Date): Promise<void> {
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      await db.query(
        `INSERT INTO otc_bot.match_state (id, lock_watermark, hedge_watermark, lock_count, hedge_count, tolerance, max_lag_ms, last_run_at, reconciled_at)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET lock_watermark = EXCLUDED.lock_watermark, hedge_watermark = EXCLUDED.hedge_watermark,
           lock_count = EXCLUDED.lock_count, hedge_count = EXCLUDED.hedge_count, tolerance = EXCLUDED.tolerance,
           max_lag_ms = EXCLUDED.max_lag_ms, last_run_at = EXCLUDED.last_run_at, reconciled_at = EXCLUDED.reconciled_at`,
        [iso(state.lockWatermarkMs), iso(state.hedgeWatermarkMs), state.lockCount, state.hedgeCount, state.tolerance, state.maxLagMs, at, iso(state.reconciledAtMs)],
      );
    },
    /**
     * Locks (or hedges, matched or not) known here per hour (epoch hour number), time at or after
     * `sinceMs` (all when null): index range scans (020's partial locked_at indexes, 021's matched
     * hedge_created_at index, unmatched_hedges_created_at).
     */
    async hourCounts(table: 'locks' | 'hedges', sinceMs: number | null): Promise<Map<number, number>> {
      const hour = HOUR_OF;
      const sql =
        table === 'locks'
          ? `SELECT h, sum(n) AS n FROM (
               SELECT ${hour('locked_at')} AS h, count(*) AS n FROM otc_bot.matches WHERE hedge_id IS NOT NULL AND ($1::timestamptz IS NULL OR locked_at >= $1) GROUP BY 1
               UNION ALL
               SELECT ${hour('locked_at')}, count(*) FROM otc_bot.matches WHERE hedge_id IS NULL AND ($1::timestamptz IS NULL OR locked_at >= $1) GROUP BY 1) c GROUP BY h`
          : `SELECT h, sum(n) AS n FROM (
               SELECT ${hour('hedge_created_at')} AS h, count(*) AS n FROM otc_bot.matches WHERE hedge_id IS NOT NULL AND ($1::timestamptz IS NULL OR hedge_created_at >= $1) GROUP BY 1
               UNION ALL
               SELECT ${hour('hedge_created_at')}, count(*) FROM otc_bot.unmatched_hedges WHERE $1::timestamptz IS NULL OR hedge_created_at >= $1 GROUP BY 1) c GROUP BY h`;
      const { rows } = await db.query<{ h: string; n: string }>(sql, [since(sinceMs)]);
      return new Map(rows.map((row) => [Number(row.h), Number(row.n)]));
    },
    /** Id -> time (epoch microseconds, as text) of the rows known here whose time falls in one of these [from, to) ranges (epoch ms). */
    async idsIn(table: 'locks' | 'hedges', ranges: [number, number][]): Promise<Map<string, string>> {
      const us = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::int8`;
      const sql =
        table === 'locks'
          ? // Split by hedge_id so each half is a range scan of its partial locked_at index.
            `SELECT m.lock_id AS id, ${us('m.locked_at')} AS us FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(lo, hi)
               JOIN otc_bot.matches m ON m.hedge_id IS NOT NULL AND m.locked_at >= r.lo AND m.locked_at < r.hi
             UNION ALL
             SELECT m.lock_id, ${us('m.locked_at')} FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(lo, hi)
               JOIN otc_bot.matches m ON m.hedge_id IS NULL AND m.locked_at >= r.lo AND m.locked_at < r.hi`
          : `SELECT m.hedge_id AS id, ${us('m.hedge_created_at')} AS us FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(lo, hi)
               JOIN otc_bot.matches m ON m.hedge_id IS NOT NULL AND m.hedge_created_at >= r.lo AND m.hedge_created_at < r.hi
             UNION ALL
             SELECT u.hedge_id, ${us('u.hedge_created_at')} FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(lo, hi)
               JOIN otc_bot.unmatched_hedges u ON u.hedge_created_at >= r.lo AND u.hedge_created_at < r.hi`;
      const { rows } = await db.query<{ id: string; us: string }>(sql, [ranges.map((r) => since(r[0])), ranges.map((r) => since(r[1]))]);
      return new Map(rows.map((row) => [row.id, row.us]));
    },
    /** Which of these ids are known here, at any time (primary key / unique index lookups). */
    async knownAmong(table: 'locks' | 'hedges', ids: string[]): Promise<string[]> {
      const sql =
        table === 'locks'
          ? 'SELECT lock_id AS id FROM otc_bot.matches WHERE lock_id = ANY($1::text[])'
          : `SELECT hedge_id AS id FROM otc_bot.matches WHERE hedge_id = ANY($1::text[])
             UNION ALL SELECT hedge_id FROM otc_bot.unmatched_hedges WHERE hedge_id = ANY($1::text[])`;
      const { rows } = await db.query<{ id: string }>(sql, [ids]);
      return rows.map((row) => row.id);
    },
    /** Every id known here (the reconciliation's fallback when the whole-table counts disagree). */
    async allIds(table: 'locks' | 'hedges'): Promise<string[]> {
      const sql =
        table === 'locks'
          ? 'SELECT lock_id AS id FROM otc_bot.matches'
          : 'SELECT hedge_id AS id FROM otc_bot.matches WHERE hedge_id IS NOT NULL UNION ALL SELECT hedge_id FROM otc_bot.unmatched_hedges';
      const { rows } = await db.query<{ id: string }>(sql);
      return rows.map((row) => row.id);
    },
    /** Current hedge of each of these locks, with the stored times (absent from the map: a lock not seen yet). */
    async assignments(lockIds: string[] | null): Promise<Map<string, StoredRow>> {
      const { rows } = await db.query<StoredRowText>(
        `SELECT lock_id, hedge_id, ${STORED_TIMES} FROM otc_bot.matches WHERE $1::text[] IS NULL OR lock_id = ANY($1::text[])`,
        [lockIds],
      );
      return storedRows(rows);
    },
    /** The same for every lock of these keys locked at or after the key's own time (index range scans on matches_key_locked_at). */
    async storedFrom(keys: KeyFilter & { sinceMs: number[] }): Promise<Map<string, StoredRow>> {
      const { rows } = await db.query<StoredRowText>(
        `SELECT m.lock_id, m.hedge_id, ${STORED_TIMES}
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS k(client_id, side, base_coin, quote_coin, since)
           JOIN otc_bot.matches m ON m.client_id = k.client_id AND m.base_coin = k.base_coin AND m.quote_coin = k.quote_coin
                                 AND m.side = k.side AND m.locked_at >= k.since
          -- Redundant bound: lets the planner see how few rows each key has (no JIT for a 30 ms query).
          WHERE m.locked_at >= $6`,
        [keys.clients, keys.sides, keys.bases, keys.quotes, keys.sinceMs.map(since), since(keys.sinceMs.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY))],
      );
      return storedRows(rows);
    },
    /**
     * Writes these locks with their hedge (or none). `releasing` are locks that held a hedge before:
     * they let go first, so a hedge moving between two locks never trips the unique index.
     */
    async writeLocks(rows: { lock: SourceLock; hedge: SourceHedge | null }[], releasing: string[], at: Date): Promise<void> {
      for (let start = 0; start < releasing.length; start += BATCH) {
        await db.query('UPDATE otc_bot.matches SET hedge_id = NULL WHERE lock_id = ANY($1::text[])', [releasing.slice(start, start + BATCH)]);
      }
      for (let start = 0; start < rows.length; start += BATCH) await upsertLocks(db, rows.slice(start, start + BATCH), at);
    },
    /** Hedges now claimed leave unmatched_hedges; hedges now free enter it. */
    async writeHedges(claimedIds: string[], free: SourceHedge[], at: Date): Promise<void> {
      if (claimedIds.length > 0) await db.query('DELETE FROM otc_bot.unmatched_hedges WHERE hedge_id = ANY($1::text[])', [claimedIds]);
      for (let start = 0; start < free.length; start += BATCH) {
        const batch = free.slice(start, start + BATCH);
        await db.query(
          `INSERT INTO otc_bot.unmatched_hedges AS u (hedge_id, client_id, side, base_coin, quote_coin, hedge_amount, hedge_price, fee, method, exchange, hedge_created_at, updated_at)
           SELECT h.id, h.client_id, h.side, h.base_coin, h.quote_coin, h.amount, h.price, h.fee, h.method, h.exchange, ${EPOCH_US} h.us, $12
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::text[], $10::text[], $11::int8[])
                  AS h(id, client_id, side, base_coin, quote_coin, amount, price, fee, method, exchange, us)
           ON CONFLICT (hedge_id) DO UPDATE SET client_id = EXCLUDED.client_id, side = EXCLUDED.side, base_coin = EXCLUDED.base_coin,
             quote_coin = EXCLUDED.quote_coin, hedge_amount = EXCLUDED.hedge_amount, hedge_price = EXCLUDED.hedge_price, fee = EXCLUDED.fee,
             method = EXCLUDED.method, exchange = EXCLUDED.exchange, hedge_created_at = EXCLUDED.hedge_created_at, updated_at = EXCLUDED.updated_at
           -- Only a row edited in the source (a re-match of an unchanged hedge leaves it alone).
           WHERE (u.client_id, u.side, u.base_coin, u.quote_coin, u.hedge_amount, u.hedge_price, u.fee, u.method, u.exchange, u.hedge_created_at)
             IS DISTINCT FROM (EXCLUDED.client_id, EXCLUDED.side, EXCLUDED.base_coin, EXCLUDED.quote_coin, EXCLUDED.hedge_amount,
                               EXCLUDED.hedge_price, EXCLUDED.fee, EXCLUDED.method, EXCLUDED.exchange, EXCLUDED.hedge_created_at)`,
          [
            batch.map((h) => h.id), batch.map((h) => h.clientId), batch.map((h) => h.side), batch.map((h) => h.baseCoin), batch.map((h) => h.quoteCoin),
            batch.map((h) => h.baseAmountText), batch.map((h) => h.avgPriceText), batch.map((h) => h.feeText), batch.map((h) => h.method),
            batch.map((h) => h.exchange), batch.map((h) => h.createdAtUs), at,
          ],
        );
      }
    },
  };
}

export type MatchRepository = ReturnType<typeof createMatchRepository>;

/** A lock as stored here: its hedge and the times it was stored with (epoch microseconds). */
export interface StoredRow {
  hedgeId: string | null;
  lockedAtUs: number;
  hedgeCreatedAtUs: number | null;
}

type StoredRowText = { lock_id: string; hedge_id: string | null; lus: string; hus: string | null };
const STORED_TIMES = '(extract(epoch FROM locked_at) * 1000000)::int8 AS lus, (extract(epoch FROM hedge_created_at) * 1000000)::int8 AS hus';
const storedRows = (rows: StoredRowText[]) =>
  new Map(rows.map((row) => [row.lock_id, { hedgeId: row.hedge_id, lockedAtUs: Number(row.lus), hedgeCreatedAtUs: row.hus === null ? null : Number(row.hus) }]));

const since = (ms: number | null) => (ms === null ? null : new Date(Math.floor(ms)).toISOString());

async function upsertLocks(db: Queryable, rows: { lock: SourceLock; hedge: SourceHedge | null }[], at: Date): Promise<void> {
  const l = rows.map((r) => r.lock);
  const h = rows.map((r) => r.hedge);
  await db.query(
    `INSERT INTO otc_bot.matches (lock_id, client_id, side, base_coin, quote_coin, lock_amount, lock_price, locked_at, notional,
        hedge_id, hedge_amount, hedge_price, fee, method, exchange, hedge_created_at, pnl, pnl_bps, lag_seconds, residual, updated_at)
     SELECT r.lock_id, r.client_id, r.side, r.base_coin, r.quote_coin, r.la, r.lp, ${EPOCH_US} r.lus, r.lp * r.la,
            r.hedge_id, r.ha, r.hp, r.fee, r.method, r.exchange, ${EPOCH_US} r.hus,
            p.pnl, (p.pnl / (r.lp * r.la) * 10000)::float8, (r.hus - r.lus) / 1e6::float8, r.la - r.ha, $17
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::int8[],
                   $9::text[], $10::numeric[], $11::numeric[], $12::numeric[], $13::text[], $14::text[], $15::int8[], $16::int[])
            AS r(lock_id, client_id, side, base_coin, quote_coin, la, lp, lus, hedge_id, ha, hp, fee, method, exchange, hus, s)
       CROSS JOIN LATERAL (SELECT r.s * (r.lp - r.hp) * least(r.la, r.ha) - r.fee AS pnl) p
     ON CONFLICT (lock_id) DO UPDATE SET client_id = EXCLUDED.client_id, side = EXCLUDED.side, base_coin = EXCLUDED.base_coin,
        quote_coin = EXCLUDED.quote_coin, lock_amount = EXCLUDED.lock_amount, lock_price = EXCLUDED.lock_price, locked_at = EXCLUDED.locked_at,
        notional = EXCLUDED.notional, hedge_id = EXCLUDED.hedge_id, hedge_amount = EXCLUDED.hedge_amount, hedge_price = EXCLUDED.hedge_price,
        fee = EXCLUDED.fee, method = EXCLUDED.method, exchange = EXCLUDED.exchange, hedge_created_at = EXCLUDED.hedge_created_at,
        pnl = EXCLUDED.pnl, pnl_bps = EXCLUDED.pnl_bps, lag_seconds = EXCLUDED.lag_seconds, residual = EXCLUDED.residual,
        updated_at = EXCLUDED.updated_at`,
    [
      l.map((x) => x.id), l.map((x) => x.clientId), l.map((x) => x.side), l.map((x) => x.baseCoin), l.map((x) => x.quoteCoin),
      l.map((x) => x.baseAmountText), l.map((x) => x.priceText), l.map((x) => x.lockedAtUs),
      h.map((x) => x?.id ?? null), h.map((x) => x?.baseAmountText ?? null), h.map((x) => x?.avgPriceText ?? null), h.map((x) => x?.feeText ?? null),
      h.map((x) => x?.method ?? null), h.map((x) => x?.exchange ?? null), h.map((x) => x?.createdAtUs ?? null),
      l.map((x) => (x.side === 'buy' ? 1 : -1)), at,
    ],
  );
}
