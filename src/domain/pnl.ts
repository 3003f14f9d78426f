// Hedge P&L of a matched pair (domain.md). Doubles: this is for in-memory checks, charts and
// tests; the stored figures are computed by PostgreSQL in numeric (match-repository.ts) from the
// same formula, so sums over many orders stay exact.
import type { HedgeOrder, LockOrder } from './matching.js';

export interface PairPnl {
  /** Quote coin: s * (lock price - hedge price) * min(amounts) - fee. */
  pnl: number;
  /** Quote coin: lock price * lock amount. */
  notional: number;
  pnlBps: number;
  /** Base coin left unhedged: lock amount - hedge amount (negative when over-hedged). */
  residual: number;
}

/** +1 for a client buy (the desk sells to the client), -1 for a client sell. */
export const sideSign = (side: LockOrder['side']) => (side === 'buy' ? 1 : -1);

export function pairPnl(
  lock: Pick<LockOrder, 'side' | 'baseAmount' | 'price'>,
  hedge: Pick<HedgeOrder, 'baseAmount' | 'avgPrice' | 'fee'>,
): PairPnl {
  const quantity = Math.min(lock.baseAmount, hedge.baseAmount);
  const pnl = sideSign(lock.side) * (lock.price - hedge.avgPrice) * quantity - hedge.fee;
  const notional = lock.price * lock.baseAmount;
  return { pnl, notional, pnlBps: (pnl / notional) * 10_000, residual: lock.baseAmount - hedge.baseAmount };
}

