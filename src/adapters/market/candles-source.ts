// Where /liq's candles come from: a fresh cache (no request at all), else the venue (stored for
// next time), else whatever the cache holds (with its age), else synthetic candles in demo mode.
import type { Candle } from '../../domain/liquidation/estimate.js';
import { syntheticCandles } from '../../domain/liquidation/synthetic-candles.js';
import type { CandleCache, CandleSeriesKey } from './candles-cache.js';
import type { CandleFetcher } from './candles.js';

/** A series fetched this recently is used as is: volatility estimates do not move in minutes. */
export const CANDLE_CACHE_FRESH_MS = 10 * 60_000;
const MAX_CACHED = 5000;

export type CandleOrigin = 'cache' | 'venue' | 'stale-cache' | 'synthetic' | 'none';

export interface CandleHistory {
  candles: Candle[];
  origin: CandleOrigin;
  /** Age of the newest candle's close at `now` (stale cache). */
  ageMs?: number;
  /** Why the venue could not be used, when it was tried and failed. */
  venueError?: string;
}

export interface CandleSourceDeps {
  cache: CandleCache;
  fetcher: CandleFetcher;
  now: () => Date;
  /** Demo mode (embedded database, no network expected): synthetic candles may stand in. */
  allowSynthetic: boolean;
}

export async function loadCandleHistory(
  deps: CandleSourceDeps,
  key: CandleSeriesKey & { coin: string; stepMs: number },
  options: { offline?: boolean } = {},
): Promise<CandleHistory> {
  const now = deps.now();
  const series: CandleSeriesKey = { venue: key.venue, symbol: key.symbol, timeframe: key.timeframe };
  const fetchedAt = await deps.cache.lastFetchedAt(series);
  if (fetchedAt && now.getTime() - fetchedAt.getTime() < CANDLE_CACHE_FRESH_MS) {
    return { candles: await deps.cache.latest(series, MAX_CACHED), origin: 'cache' };
  }
  let venueError: string | undefined;
  if (!options.offline) {
    try {
      const candles = await deps.fetcher.fetch(key.venue, key.symbol, key.timeframe);
      await deps.cache.store(series, candles, now);
      return { candles: await deps.cache.latest(series, MAX_CACHED), origin: 'venue' };
    } catch (error) {
      venueError = error instanceof Error ? `${error.constructor.name}: ${error.message.replace(/https?:\/\/\S+/g, '').replace(/\s+/g, ' ').trim().slice(0, 120)}` : String(error);
    }
  }
  const cached = await deps.cache.latest(series, MAX_CACHED);
  if (cached.length > 0) {
    const newest = cached[cached.length - 1];
    return { candles: cached, origin: 'stale-cache', ageMs: now.getTime() - (newest.time + key.stepMs), venueError };
  }
  if (deps.allowSynthetic) {
    return { candles: syntheticCandles(key.coin, key.stepMs, 2000, now.getTime()), origin: 'synthetic', venueError };
  }
  return { candles: [], origin: 'none', venueError };
}
