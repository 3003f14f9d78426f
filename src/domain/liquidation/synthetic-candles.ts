// Stand-in candles for demo mode (no network): a GARCH(1,1) with Student-t-like shocks, so the
// bootstrap sees clustering and fat tails as in real crypto minutes. Always labelled synthetic.
import { RandomSource } from '../random.js';
import type { Candle } from './estimate.js';

const REFERENCE: Record<string, { price: number; dailyQuoteVolume: number }> = {
  BTC: { price: 90_000, dailyQuoteVolume: 2e9 },
  ETH: { price: 3_000, dailyQuoteVolume: 1e9 },
  SOL: { price: 140, dailyQuoteVolume: 3e8 },
};

export function syntheticCandles(coin: string, stepMs: number, count: number, endTime: number, seed = 20_241_125): Candle[] {
  const rng = new RandomSource(seed, count);
  const reference = REFERENCE[coin.toUpperCase()] ?? { price: 1, dailyQuoteVolume: 5e7 };
  const stepYears = stepMs / (365 * 86_400_000);
  const longRunVariance = 0.7 * 0.7 * stepYears; // 70 % a year, typical of BTC
  const alpha = 0.08;
  const beta = 0.9;
  let variance = longRunVariance;
  let price = reference.price;
  const volumePerStep = reference.dailyQuoteVolume * (stepMs / 86_400_000);
  const candles: Candle[] = [];
  for (let i = 0; i < count; i++) {
    // t(4) shock scaled to unit variance: fat tails.
    const chi = (rng.nextNormal() ** 2 + rng.nextNormal() ** 2 + rng.nextNormal() ** 2 + rng.nextNormal() ** 2) / 4;
    const shock = rng.nextNormal() / Math.sqrt(chi) / Math.SQRT2;
    const r = Math.sqrt(variance) * shock - variance / 2;
    const open = price;
    price *= Math.exp(r);
    const wick = Math.abs(rng.nextNormal()) * Math.sqrt(variance) * 0.5;
    candles.push({
      time: endTime - (count - i) * stepMs,
      open,
      high: Math.max(open, price) * Math.exp(wick),
      low: Math.min(open, price) * Math.exp(-wick),
      close: price,
      volume: (volumePerStep / price) * (0.5 + rng.nextFloat()),
    });
    variance = (1 - alpha - beta) * longRunVariance + alpha * r * r + beta * variance;
  }
  return candles;
}
