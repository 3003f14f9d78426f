// Read-only access to the OTC source relations otc_lock_orders / otc_hedge_orders (domain.md).
// numeric stays exact text for amounts that decide tolerance edges, and is parsed once to doubles
// for the matching walk; times arrive as integer epoch microseconds (exact in a double).
import type pg from 'pg';
import type { HedgeOrder, LockOrder, Side } from '../../domain/matching.js';

type Queryable = Pick<pg.Pool, 'query'>;

export const LOCK_COLUMNS = ['id', 'client_id', 'side', 'base_coin', 'quote_coin', 'base_amount', 'price', 'locked_at'] as const;
export const HEDGE_COLUMNS = ['id', 'client_id', 'side', 'base_coin', 'quote_coin', 'base_amount', 'avg_price', 'fee', 'method', 'exchange', 'created_at', 'finished_at'] as const;

/** A source relation is missing or lacks a column: one clear message naming both. */
export class SourceTableError extends Error {
  constructor(
    readonly relation: string,
    readonly column?: string,
  ) {
    super(column ? `source relation ${relation} has no column ${column}` : `source relation ${relation} does not exist`);
    this.name = 'SourceTableError';
  }
}

/** Source rows keep the exact microsecond time so they can be written back unchanged. */
export type SourceLock = LockOrder & { lockedAtUs: number; priceText: string; baseAmountText: string };
export type SourceHedge = HedgeOrder & { createdAtUs: number; avgPriceText: string; feeText: string; baseAmountText: string };

/** Key filter: only rows of these (client, side, base, quote) keys. */
export interface KeyFilter {
  clients: string[];
  sides: string[];
  bases: string[];
  quotes: string[];
}

const LOCK_SELECT = `SELECT id, client_id, side, base_coin, quote_coin, base_amount::text AS base_amount, price::text AS price,
  (extract(epoch FROM locked_at) * 1000000)::int8 AS us FROM otc_lock_orders`;
const HEDGE_SELECT = `SELECT id, client_id, side, base_coin, quote_coin, base_amount::text AS base_amount, avg_price::text AS avg_price,
  fee::text AS fee, method, exchange, (extract(epoch FROM created_at) * 1000000)::int8 AS us FROM otc_hedge_orders`;
const KEY_JOIN = (alias: string, from: number) =>
  `JOIN unnest($${from}::text[], $${from + 1}::text[], $${from + 2}::text[], $${from + 3}::text[]) AS k(client_id, side, base_coin, quote_coin)
     ON (${alias}.client_id, ${alias}.side, ${alias}.base_coin, ${alias}.quote_coin) = (k.client_id, k.side, k.base_coin, k.quote_coin)`;

function toLock(row: Record<string, string | number>): SourceLock {
  const us = Number(row.us);
  return {
    id: row.id as string,
    clientId: row.client_id as string,
    side: row.side as Side,
    baseCoin: row.base_coin as string,
    quoteCoin: row.quote_coin as string,
    baseAmount: Number(row.base_amount),
    baseAmountText: row.base_amount as string,
    price: Number(row.price),
    priceText: row.price as string,
    lockedAt: us / 1000,
    lockedAtUs: us,
  };
}

function toHedge(row: Record<string, string | number>): SourceHedge {
  const us = Number(row.us);
  return {
    id: row.id as string,
    clientId: row.client_id as string,
    side: row.side as Side,
    baseCoin: row.base_coin as string,
    quoteCoin: row.quote_coin as string,
    baseAmount: Number(row.base_amount),
    baseAmountText: row.base_amount as string,
    avgPrice: Number(row.avg_price),
    avgPriceText: row.avg_price as string,
    fee: Number(row.fee),
    feeText: row.fee as string,
    method: row.method as string,
    exchange: row.exchange as string,
    createdAt: us / 1000,
    createdAtUs: us,
  };
}

const keyParams = (keys: KeyFilter) => [keys.clients, keys.sides, keys.bases, keys.quotes];
const isoOf = (ms: number) => new Date(Math.floor(ms)).toISOString();
/**
 * Epoch hour number of a time. float8 arithmetic (date_part, about twice as fast as numeric extract):
 * a time a microsecond before an hour may land in the next hour, the same way in both databases, so
 * callers read ids over ranges that overlap the neighbouring hours by a second.
 */
export const HOUR_OF = (column: string) => `floor(date_part('epoch', ${column}) / 3600)::int8`;
const SOURCE_TIME = { locks: ['otc_lock_orders', 'locked_at'], hedges: ['otc_hedge_orders', 'created_at'] } as const;

export function createMatchSourceRepository(db: Queryable) {
  return {
    /** Throws SourceTableError when a relation or column of domain.md is missing. */
    async checkTables(): Promise<void> {
      for (const [relation, columns] of [['otc_lock_orders', LOCK_COLUMNS], ['otc_hedge_orders', HEDGE_COLUMNS]] as const) {
        const { rows } = await db.query<{ exists: boolean; columns: string[] | null }>(
          `SELECT to_regclass($1) IS NOT NULL AS exists,
                  (SELECT array_agg(attname::text) FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped) AS columns`,
          [relation],
        );
        if (!rows[0].exists) throw new SourceTableError(relation);
        const present = new Set(rows[0].columns ?? []);
        const missing = columns.find((column) => !present.has(column));
        if (missing) throw new SourceTableError(relation, missing);
      }
    },
    /** Whole-table counts: a full scan of each table, so only for the periodic reconciliation. */
    async counts(): Promise<{ locks: number; hedges: number }> {
      const { rows } = await db.query<{ locks: string; hedges: string }>(
        'SELECT (SELECT count(*) FROM otc_lock_orders) AS locks, (SELECT count(*) FROM otc_hedge_orders) AS hedges',
      );
      return { locks: Number(rows[0].locks), hedges: Number(rows[0].hedges) };
    },
    /**
     * Rows per hour (epoch hour number) with a time at or after `sinceMs` (all when null). A range
     * scan of the table's own time index (locked_at / created_at), as production source tables have.
     */
    async hourCounts(table: 'locks' | 'hedges', sinceMs: number | null): Promise<Map<number, number>> {
      const [relation, column] = SOURCE_TIME[table];
      const { rows } = await db.query<{ h: string; n: string }>(
        `SELECT ${HOUR_OF(column)} AS h, count(*) AS n FROM ${relation}
          WHERE $1::timestamptz IS NULL OR ${column} >= $1 GROUP BY 1`,
        [sinceMs === null ? null : isoOf(sinceMs)],
      );
      return new Map(rows.map((row) => [Number(row.h), Number(row.n)]));
    },
    /** Id -> time (epoch microseconds, as text) of the rows whose time falls in one of these [from, to) ranges (epoch ms). */
    async idsIn(table: 'locks' | 'hedges', ranges: [number, number][]): Promise<Map<string, string>> {
      const [relation, column] = SOURCE_TIME[table];
      const { rows } = await db.query<{ id: string; us: string }>(
        `SELECT s.id, (extract(epoch FROM s.${column}) * 1000000)::int8 AS us
           FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(lo, hi) JOIN ${relation} s ON s.${column} >= r.lo AND s.${column} < r.hi`,
        [ranges.map((r) => isoOf(r[0])), ranges.map((r) => isoOf(r[1]))],
      );
      return new Map(rows.map((row) => [row.id, row.us]));
    },
    /** Every id (the reconciliation's fallback when the whole-table counts disagree). */
    async allIds(table: 'locks' | 'hedges'): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${SOURCE_TIME[table][0]}`);
      return rows.map((row) => row.id);
    },
    async locksByIds(ids: string[]): Promise<SourceLock[]> {
      const { rows } = await db.query(`${LOCK_SELECT} WHERE id = ANY($1::text[])`, [ids]);
      return rows.map(toLock);
    },
    async hedgesByIds(ids: string[]): Promise<SourceHedge[]> {
      const { rows } = await db.query(`${HEDGE_SELECT} WHERE id = ANY($1::text[])`, [ids]);
      return rows.map(toHedge);
    },
    /** Locks of the given keys locked at or after `sinceMs` (every lock when keys and since are null). */
    async locks(sinceMs: number | null, keys: KeyFilter | null): Promise<SourceLock[]> {
      const sql = keys
        ? `SELECT l.* FROM (${LOCK_SELECT} WHERE $1::timestamptz IS NULL OR locked_at >= $1) l ${KEY_JOIN('l', 2)}`
        : `${LOCK_SELECT} WHERE $1::timestamptz IS NULL OR locked_at >= $1`;
      const { rows } = await db.query(sql, [sinceMs === null ? null : isoOf(sinceMs), ...(keys ? keyParams(keys) : [])]);
      return rows.map(toLock);
    },
    async hedges(sinceMs: number | null, keys: KeyFilter | null): Promise<SourceHedge[]> {
      const sql = keys
        ? `SELECT h.* FROM (${HEDGE_SELECT} WHERE $1::timestamptz IS NULL OR created_at >= $1) h ${KEY_JOIN('h', 2)}`
        : `${HEDGE_SELECT} WHERE $1::timestamptz IS NULL OR created_at >= $1`;
      const { rows } = await db.query(sql, [sinceMs === null ? null : isoOf(sinceMs), ...(keys ? keyParams(keys) : [])]);
      return rows.map(toHedge);
    },
  };
}

export type MatchSourceRepository = ReturnType<typeof createMatchSourceRepository>;
