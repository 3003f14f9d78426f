// The demo market: coins with plausible prices and volatility, and an hourly random-walk price
// path per coin, so locks and hedges minutes apart see prices that moved like a real market.
import type { Random } from './demo-random.js';

export interface DemoCoin {
  base: string;
  /** Price in USD at the start of the demo period. */
  startPrice: number;
  /** Annualised volatility. */
  volatility: number;
  /** Decimals of base amounts. */
  amountDecimals: number;
  /** Relative popularity with clients. */
  weight: number;
}

export const DEMO_COINS: readonly DemoCoin[] = [
  { base: 'BTC', startPrice: 91_000, volatility: 0.5, amountDecimals: 6, weight: 30 },
  { base: 'ETH', startPrice: 3_100, volatility: 0.65, amountDecimals: 5, weight: 22 },
  { base: 'SOL', startPrice: 170, volatility: 0.85, amountDecimals: 3, weight: 10 },
  { base: 'XRP', startPrice: 2.2, volatility: 0.8, amountDecimals: 1, weight: 7 },
  { base: 'DOGE', startPrice: 0.18, volatility: 0.95, amountDecimals: 0, weight: 7 },
  { base: 'BNB', startPrice: 640, volatility: 0.55, amountDecimals: 4, weight: 6 },
  { base: 'TRX', startPrice: 0.28, volatility: 0.6, amountDecimals: 0, weight: 6 },
  { base: 'TON', startPrice: 5.4, volatility: 0.9, amountDecimals: 2, weight: 4 },
  { base: 'LINK', startPrice: 14, volatility: 0.9, amountDecimals: 3, weight: 4 },
  { base: 'AVAX', startPrice: 24, volatility: 0.95, amountDecimals: 3, weight: 4 },
];

const HOUR_MS = 3_600_000;
const HOURS_PER_YEAR = 24 * 365;

export interface PricePath {
  /** Mid price at an epoch-ms time inside the path (linear between hourly points). */
  at(ms: number): number;
}

export function randomWalkPath(random: Random, coin: DemoCoin, startMs: number, endMs: number): PricePath {
  const hours = Math.ceil((endMs - startMs) / HOUR_MS) + 2;
  const points = new Float64Array(hours);
  const step = coin.volatility / Math.sqrt(HOURS_PER_YEAR);
  points[0] = coin.startPrice;
  for (let i = 1; i < hours; i += 1) points[i] = points[i - 1] * Math.exp(step * random.normal() - (step * step) / 2);
  return {
    at(ms) {
      const position = Math.min(Math.max((ms - startMs) / HOUR_MS, 0), hours - 1.000001);
      const i = Math.floor(position);
      const f = position - i;
      return points[i] * (1 - f) + points[i + 1] * f;
    },
  };
}

/** Rounds to a number of decimals and returns exact decimal text (no exponent). */
export function roundTo(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** Significant-digit rounding for prices: enough digits for bps-level P&L on any coin. */
export function priceText(value: number): string {
  const decimals = Math.max(2, 7 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(decimals, 12));
}
