// Building and inserting OTC source rows in tests (the demo generator has its own, bigger model).
import type pg from 'pg';
import type { HedgeOrder, LockOrder, Side } from '../../src/domain/matching.js';

export const T0 = Date.parse('2026-11-20T02:00:00Z');

export function lock(id: string, at: number, amount: number, options: Partial<LockOrder> = {}): LockOrder {
  return { id, clientId: 'c1', side: 'buy', baseCoin: 'BTC', quoteCoin: 'USDT', baseAmount: amount, baseAmountText: String(amount), price: 100, lockedAt: at, ...options };
}

export function hedge(id: string, at: number, amount: number, options: Partial<HedgeOrder> = {}): HedgeOrder {
  return {
    id, clientId: 'c1', side: 'buy' as Side, baseCoin: 'BTC', quoteCoin: 'USDT', baseAmount: amount, baseAmountText: String(amount),
    avgPrice: 99, fee: 0, method: 'twap', exchange: 'binance', createdAt: at, ...options,
  };
}

export async function insertLocks(db: Pick<pg.Pool, 'query'>, locks: LockOrder[]): Promise<void> {
  if (locks.length === 0) return;
  await db.query(
    `INSERT INTO otc_lock_orders (id, client_id, side, base_coin, quote_coin, base_amount, price, locked_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::timestamptz[])`,
    [
      locks.map((l) => l.id), locks.map((l) => l.clientId), locks.map((l) => l.side), locks.map((l) => l.baseCoin), locks.map((l) => l.quoteCoin),
      locks.map((l) => l.baseAmountText ?? String(l.baseAmount)), locks.map((l) => String(l.price)), locks.map((l) => new Date(l.lockedAt).toISOString()),
    ],
  );
}

export async function insertHedges(db: Pick<pg.Pool, 'query'>, hedges: HedgeOrder[]): Promise<void> {
  if (hedges.length === 0) return;
  await db.query(
    `INSERT INTO otc_hedge_orders (id, client_id, side, base_coin, quote_coin, base_amount, avg_price, fee, method, exchange, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::text[], $10::text[], $11::timestamptz[])`,
    [
      hedges.map((h) => h.id), hedges.map((h) => h.clientId), hedges.map((h) => h.side), hedges.map((h) => h.baseCoin), hedges.map((h) => h.quoteCoin),
      hedges.map((h) => h.baseAmountText ?? String(h.baseAmount)), hedges.map((h) => String(h.avgPrice)), hedges.map((h) => String(h.fee)),
      hedges.map((h) => h.method), hedges.map((h) => h.exchange), hedges.map((h) => new Date(h.createdAt).toISOString()),
    ],
  );
}
