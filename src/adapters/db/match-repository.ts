// The bot's copy of the matching result (otc_bot.matches, unmatched_hedges, match_state).
// P&L is computed here by PostgreSQL in numeric from the domain.md formula, so stored money is exact.
import type pg from 'pg';
import type { SourceHedge, SourceLock } from './match-source-repository.js';

type Queryable = Pick<pg.Pool, 'query'>;

export interface MatchState {
  lockWatermarkMs: number | null;
  hedgeWatermarkMs: number | null;
  lockCount: number;
  hedgeCount: number;
  tolerance: number;
  maxLagMs: number;
}

export interface StoredAssignment {
  lockId: string;
  hedgeId: string | null;
  lockedAtMs: number;
}

const BATCH = 5000;
const EPOCH_US = `'epoch'::timestamptz + interval '1 microsecond' *`;

export function createMatchRepository(db: Queryable) {
  return {
    async state(): Promise<MatchState | null> {
      const { rows } = await db.query(
        `SELECT (extract(epoch FROM lock_watermark) * 1000)::float8 AS lw, (extract(epoch FROM hedge_watermark) * 1000)::float8 AS hw,
                lock_count, hedge_count, tolerance, max_lag_ms FROM otc_bot.match_state WHERE id = 1`,
      );
      const row = rows[0];
      if (!row) return null;
      return { lockWatermarkMs: row.lw, hedgeWatermarkMs: row.hw, lockCount: Number(row.lock_count), hedgeCount: Number(row.hedge_count), tolerance: row.tolerance, maxLagMs: Number(row.max_lag_ms) };
    },
    async saveState(state: MatchState, at: Date): Promise<void> {
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      await db.query(
        `INSERT INTO otc_bot.match_state (id, lock_watermark, hedge_watermark, lock_count, hedge_count, tolerance, max_lag_ms, last_run_at)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET lock_watermark = EXCLUDED.lock_watermark, hedge_watermark = EXCLUDED.hedge_watermark,
           lock_count = EXCLUDED.lock_count, hedge_count = EXCLUDED.hedge_count, tolerance = EXCLUDED.tolerance,
           max_lag_ms = EXCLUDED.max_lag_ms, last_run_at = EXCLUDED.last_run_at`,
        [iso(state.lockWatermarkMs), iso(state.hedgeWatermarkMs), state.lockCount, state.hedgeCount, state.tolerance, state.maxLagMs, at],
      );
    },
    /** Lock ids known here, locked at or after `sinceMs` (all when null). */
    async knownLockIds(sinceMs: number | null): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>('SELECT lock_id AS id FROM otc_bot.matches WHERE $1::timestamptz IS NULL OR locked_at >= $1', [since(sinceMs)]);
      return rows.map((row) => row.id);
    },
    /** Hedge ids known here (matched or not), started at or after `sinceMs` (all when null). */
    async knownHedgeIds(sinceMs: number | null): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        `SELECT hedge_id AS id FROM otc_bot.matches WHERE hedge_id IS NOT NULL AND ($1::timestamptz IS NULL OR hedge_created_at >= $1)
         UNION ALL SELECT hedge_id FROM otc_bot.unmatched_hedges WHERE $1::timestamptz IS NULL OR hedge_created_at >= $1`,
        [since(sinceMs)],
      );
      return rows.map((row) => row.id);
    },
    /** Current hedge of each of these locks (absent from the map: a lock not seen yet). */
    async assignments(lockIds: string[] | null): Promise<Map<string, string | null>> {
      const { rows } = await db.query<{ lock_id: string; hedge_id: string | null }>(
        `SELECT lock_id, hedge_id FROM otc_bot.matches WHERE $1::text[] IS NULL OR lock_id = ANY($1::text[])`,
        [lockIds],
      );
      return new Map(rows.map((row) => [row.lock_id, row.hedge_id]));
    },
    /** Locks holding any of these hedges, with their lock time. */
    async holdersOf(hedgeIds: string[]): Promise<StoredAssignment[]> {
      const { rows } = await db.query(
        `SELECT lock_id, hedge_id, (extract(epoch FROM locked_at) * 1000000)::int8 AS us FROM otc_bot.matches WHERE hedge_id = ANY($1::text[])`,
        [hedgeIds],
      );
      return rows.map((row) => ({ lockId: row.lock_id, hedgeId: row.hedge_id, lockedAtMs: Number(row.us) / 1000 }));
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
          `INSERT INTO otc_bot.unmatched_hedges (hedge_id, client_id, side, base_coin, quote_coin, hedge_amount, hedge_price, fee, method, exchange, hedge_created_at, updated_at)
           SELECT h.id, h.client_id, h.side, h.base_coin, h.quote_coin, h.amount, h.price, h.fee, h.method, h.exchange, ${EPOCH_US} h.us, $12
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::text[], $10::text[], $11::int8[])
                  AS h(id, client_id, side, base_coin, quote_coin, amount, price, fee, method, exchange, us)
           ON CONFLICT (hedge_id) DO NOTHING`,
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
     ON CONFLICT (lock_id) DO UPDATE SET hedge_id = EXCLUDED.hedge_id, hedge_amount = EXCLUDED.hedge_amount, hedge_price = EXCLUDED.hedge_price,
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
