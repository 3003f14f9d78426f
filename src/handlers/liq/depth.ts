// The venue's spot bids as /liq's depth curve, kept in memory for 10 minutes (also when the venue
// has no book for the pair), so repeated runs ask the venue nothing.
import type { CandleFetcher } from '../../adapters/market/candles.js';
import { bidDepthCurve } from '../../domain/liquidation/depth.js';
import type { ImpactModel } from '../../domain/liquidation/types.js';

type DepthCurve = Extract<ImpactModel, { kind: 'depth' }>;

const FRESH_MS = 10 * 60_000;
const remembered = new Map<string, { at: number; curve: DepthCurve | null }>();

export async function venueDepthCurve(fetcher: CandleFetcher, venue: string, symbol: string, now: Date): Promise<DepthCurve | null> {
  const key = `${venue}:${symbol}`;
  const known = remembered.get(key);
  if (known && now.getTime() - known.at < FRESH_MS) return known.curve;
  let curve: DepthCurve | null = null;
  try {
    const book = await fetcher.book(venue, symbol);
    curve = bidDepthCurve(book.bids, book.asks);
  } catch {
    // No book is not an error for /liq: the square-root law from candle volume stands in (said in the reply).
    curve = null;
  }
  remembered.set(key, { at: now.getTime(), curve });
  return curve;
}
