// Source rows for alert tests: a lock and (optionally) its hedge with a chosen pnl_bps and lag.
import type pg from 'pg';
import { hedge, insertHedges, insertLocks, lock } from '../support/otc-rows.js';

export const MIN = 60_000;

export interface PlannedOrder {
  id: string;
  at: number;
  coin?: string;
  clientId?: string;
  side?: 'buy' | 'sell';
  amount?: number;
  price?: number;
  /** Hedge P&L in bps of notional (fee 0); omit `lagSeconds` too for a lock nobody hedged. */
  bps?: number;
  lagSeconds?: number;
}

export async function insertOrders(db: Pick<pg.Pool, 'query'>, orders: PlannedOrder[]): Promise<void> {
  const locks = orders.map((o) =>
    lock(o.id, o.at, o.amount ?? 1, { clientId: o.clientId ?? 'C1', side: o.side ?? 'buy', baseCoin: o.coin ?? 'BTC', price: o.price ?? 100_000 }),
  );
  const hedges = orders
    .filter((o) => o.lagSeconds !== undefined)
    .map((o) => {
      const price = o.price ?? 100_000;
      const edge = ((o.bps ?? 0) * price) / 10_000;
      // buy: the desk earns lock price - hedge price; sell: hedge price - lock price.
      const avgPrice = (o.side ?? 'buy') === 'buy' ? price - edge : price + edge;
      return hedge(`H-${o.id}`, o.at + (o.lagSeconds as number) * 1000, o.amount ?? 1, {
        clientId: o.clientId ?? 'C1',
        side: o.side ?? 'buy',
        baseCoin: o.coin ?? 'BTC',
        avgPrice,
        fee: 0,
      });
    });
  await insertLocks(db, locks);
  await insertHedges(db, hedges);
}
