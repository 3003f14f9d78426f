// History percentiles for many new orders at once (domain.md: same coin, locked earlier, within the
// trailing window). Orders of one cycle lie close in time, so their windows share almost everything:
// a "common" range [latest - window, earliest) that every order's history contains, plus a few
// "extra" rows at both ends that differ per order. The common range is read from PostgreSQL as narrow
// rank slices around each percentile (ORDER BY … OFFSET … LIMIT on an index range), the extras as
// rows; each order's exact percentile_cont then follows from percentile.ts. Pure.
import { percentileOfUnion, type RankSlice, sliceBounds } from './percentile.js';

export interface HistoryPoint {
  lockedAtMs: number;
  metric: number;
  lag: number;
}

/** A batch of orders evaluated against one common range. */
export interface HistoryPlan {
  /** Common range [commonFromMs, commonToMs): inside every order's window. */
  commonFromMs: number;
  commonToMs: number;
  /** Extra rows are fetched from [extraFromMs, commonFromMs) and [commonToMs, extraToMs). */
  extraFromMs: number;
  extraToMs: number;
}

/**
 * Splits order times (ms) into batches no wider than maxSpanMs, so the per-order extra rows stay few;
 * a batch wider than the window itself would have no common range.
 */
export function planHistoryBatches(lockTimesMs: readonly number[], windowMs: number, maxSpanMs: number): { plan: HistoryPlan; members: number[] }[] {
  const span = Math.min(maxSpanMs, windowMs - 1);
  const order = lockTimesMs.map((t, index) => ({ t, index })).sort((a, b) => a.t - b.t);
  const batches: { plan: HistoryPlan; members: number[] }[] = [];
  let current: { first: number; last: number; members: number[] } | null = null;
  const close = () => {
    if (!current) return;
    batches.push({
      plan: { commonFromMs: current.last - windowMs, commonToMs: current.first, extraFromMs: current.first - windowMs, extraToMs: current.last },
      members: current.members,
    });
  };
  for (const { t, index } of order) {
    if (current && t - current.first <= span) {
      current.last = t;
      current.members.push(index);
    } else {
      close();
      current = { first: t, last: t, members: [index] };
    }
  }
  close();
  return batches;
}

/** The extra rows that belong to one order's window [t - window, t). */
export function extrasFor(extras: readonly HistoryPoint[], lockedAtMs: number, windowMs: number): HistoryPoint[] {
  return extras.filter((row) => row.lockedAtMs >= lockedAtMs - windowMs && row.lockedAtMs < lockedAtMs);
}

export interface CommonSlices {
  count: number;
  metricLow: RankSlice;
  metricHigh: RankSlice;
  lagHigh: RankSlice;
}

export interface Fractions {
  low: number;
  high: number;
  lag: number;
}

/** Which rank ranges of the common range to fetch, given at most maxExtra extra rows per order. */
export function slicesToFetch(count: number, maxExtra: number, fractions: Fractions) {
  return {
    metricLow: sliceBounds(count, maxExtra, fractions.low),
    metricHigh: sliceBounds(count, maxExtra, fractions.high),
    lagHigh: sliceBounds(count, maxExtra, fractions.lag),
  };
}

export interface OrderPercentiles {
  sampleSize: number;
  metricLow: number | null;
  metricHigh: number | null;
  lagHigh: number | null;
}

export function orderPercentiles(common: CommonSlices, ownExtras: readonly HistoryPoint[], fractions: Fractions): OrderPercentiles {
  const metrics = ownExtras.map((row) => row.metric).sort((a, b) => a - b);
  const lags = ownExtras.map((row) => row.lag).sort((a, b) => a - b);
  return {
    sampleSize: common.count + ownExtras.length,
    metricLow: percentileOfUnion(common.metricLow, metrics, fractions.low),
    metricHigh: percentileOfUnion(common.metricHigh, metrics, fractions.high),
    lagHigh: percentileOfUnion(common.lagHigh, lags, fractions.lag),
  };
}

/** Per coin unless that history has fewer than minSamples rows; then all coins (domain.md). */
export function withFallback(
  coin: OrderPercentiles,
  allCoins: () => OrderPercentiles,
  minSamples: number,
): OrderPercentiles & { scope: 'coin' | 'all' } {
  if (coin.sampleSize >= minSamples) return { ...coin, scope: 'coin' };
  return { ...allCoins(), scope: 'all' };
}
