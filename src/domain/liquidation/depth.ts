// The depth curve a liquidation sells into, from an order-book snapshot's bids.
import type { ImpactModel } from './types.js';

export type BookLevel = readonly [price: number, amount: number];

/** Cumulative quote notional and base amount level by level (best bid first), or null for an empty side. */
export function bidDepthCurve(bids: readonly BookLevel[], asks: readonly BookLevel[]): Extract<ImpactModel, { kind: 'depth' }> | null {
  const levels = bids.filter(([price, amount]) => price > 0 && amount > 0);
  if (levels.length === 0) return null;
  const bestAsk = asks.find(([price, amount]) => price > 0 && amount > 0)?.[0];
  const mid = bestAsk ? (levels[0][0] + bestAsk) / 2 : levels[0][0];
  const notional = new Float64Array(levels.length);
  const base = new Float64Array(levels.length);
  let quoteSum = 0;
  let baseSum = 0;
  levels.forEach(([price, amount], i) => {
    quoteSum += price * amount;
    baseSum += amount;
    notional[i] = quoteSum;
    base[i] = baseSum;
  });
  return { kind: 'depth', mid, notional, base };
}
