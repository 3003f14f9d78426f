// Model parameters from historical candles. Pure: candles in, numbers out.
import type { PriceModel } from './types.js';

export interface Candle {
  /** Open time, ms since epoch. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Base-coin volume. */
  volume: number;
}

/**
 * One-step log returns close to close. With `stepMs`, only pairs exactly one step apart count: the
 * cache may hold separate fetch windows, and a return across a gap is not a one-step return.
 */
export function logReturns(candles: readonly Candle[], stepMs?: number): Float64Array {
  const out: number[] = [];
  for (let i = 1; i < candles.length; i++) {
    if (stepMs !== undefined && candles[i].time - candles[i - 1].time !== stepMs) continue;
    out.push(Math.log(candles[i].close / candles[i - 1].close));
  }
  return Float64Array.from(out);
}

/**
 * Shifts returns so that E[e^r] = 1 exactly over the sample: the bootstrap keeps the history's shape
 * (volatility, skew, fat tails, clustering) but takes no view on the trend of the window it came from.
 */
export function centredReturns(returns: Float64Array): Float64Array {
  let growth = 0;
  for (const r of returns) growth += Math.exp(r);
  const shift = Math.log(growth / returns.length);
  return returns.map((r) => r - shift);
}

export interface Moments {
  mean: number;
  variance: number;
  skewness: number;
  kurtosis: number;
}

export function moments(values: ArrayLike<number>, from = 0, to = values.length): Moments {
  const n = to - from;
  let mean = 0;
  for (let i = from; i < to; i++) mean += values[i];
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = from; i < to; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  return { mean, variance: m2, skewness: m3 / n / m2 ** 1.5, kurtosis: m4 / n / (m2 * m2) };
}

/** Annualised volatility of one-step log returns taken every `stepYears`. */
export function annualisedVolatility(returns: Float64Array, stepYears: number): number {
  return Math.sqrt(moments(returns).variance / stepYears);
}

/**
 * Merton parameters by threshold: a return more than 5 robust standard deviations (1.4826 · MAD)
 * from the median is a jump; the rest is the diffusion. Crude but stable on a few thousand candles.
 */
export function estimateJumpModel(returns: Float64Array, stepYears: number): Extract<PriceModel, { kind: 'jump' }> {
  const sorted = Float64Array.from(returns).sort();
  const median = sorted[Math.floor(sorted.length / 2)];
  const deviations = returns.map((r) => Math.abs(r - median)).sort();
  const robustSigma = 1.4826 * deviations[Math.floor(deviations.length / 2)];
  const jumps: number[] = [];
  const diffusion: number[] = [];
  for (const r of returns) (Math.abs(r - median) > 5 * robustSigma ? jumps : diffusion).push(r);
  const sigma = Math.sqrt(moments(diffusion).variance / stepYears);
  if (jumps.length === 0) return { kind: 'jump', sigma, lambda: 0, jumpMean: 0, jumpStd: 0 };
  const jumpMoments = moments(jumps);
  return {
    kind: 'jump',
    sigma,
    lambda: jumps.length / (returns.length * stepYears),
    jumpMean: jumpMoments.mean,
    jumpStd: Math.sqrt(jumpMoments.variance),
  };
}

/** Mean quote-coin volume per day (close · base volume), the V of the square-root impact law. */
export function dailyQuoteVolume(candles: readonly Candle[], stepYears: number): number {
  if (candles.length === 0) return 0;
  let total = 0;
  for (const c of candles) total += c.close * c.volume;
  return (total / candles.length) * (1 / 365 / stepYears);
}

/** Bootstrap block length: about a day of steps (volatility clusters last hours to days), at most 1/20 of the sample. */
export function bootstrapBlockLength(sampleSize: number, stepYears: number): number {
  const day = Math.round(1 / 365 / stepYears);
  return Math.max(1, Math.min(day, Math.floor(sampleSize / 20)));
}
