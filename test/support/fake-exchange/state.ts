// What a fake venue knows: listings, books, candles, funding, open interest. Venue formats
// (binance.ts, okx.ts) read this state and answer in their own REST shapes.

export type FakeMarket = 'spot' | 'perp';

/** [price, amount] levels; amounts are in base coin for spot and in contracts for perps. */
export interface FakeBook {
  bids: [number, number][];
  asks: [number, number][];
}

/** One candle; `time` is the open time in ms, volume in base coin (contracts for perps). */
export interface FakeCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface FakeListing {
  base: string;
  quote: string;
  spot?: boolean;
  perp?: boolean;
  /** Base coin per contract of the perp (1 on Binance USD-M; e.g. 0.01 for OKX BTC-USDT-SWAP). */
  contractSize?: number;
}

export interface FakeTicker {
  last?: number;
  /** 24 h volume in base coin (contracts for perps). */
  baseVolume?: number;
  /** 24 h volume in quote coin. */
  quoteVolume?: number;
}

export interface FakeFunding {
  rate: number;
  markPrice?: number;
  indexPrice?: number;
  nextFundingTime?: number;
  intervalHours?: number;
}

export type MarketKey = `${string}/${string}:${FakeMarket}`;
export const marketKey = (symbol: string, market: FakeMarket): MarketKey => `${symbol.toUpperCase()}:${market}` as MarketKey;

export interface VenueState {
  listings: FakeListing[];
  books: Map<MarketKey, FakeBook>;
  klines: Map<MarketKey, FakeCandle[]>;
  tickers: Map<MarketKey, FakeTicker>;
  funding: Map<string, FakeFunding>;
  /** Open interest of the perp, in contracts. */
  openInterest: Map<string, number>;
  now: () => number;
}

export function listingOf(state: VenueState, base: string, quote: string): FakeListing | undefined {
  return state.listings.find((l) => l.base === base && l.quote === quote);
}

export const bookOf = (state: VenueState, symbol: string, market: FakeMarket): FakeBook =>
  state.books.get(marketKey(symbol, market)) ?? { bids: [], asks: [] };

/** Last price: set explicitly, else the book's mid, else the last candle's close. */
export function lastPriceOf(state: VenueState, symbol: string, market: FakeMarket): number {
  const set = state.tickers.get(marketKey(symbol, market))?.last;
  if (set !== undefined) return set;
  const book = bookOf(state, symbol, market);
  if (book.bids.length > 0 && book.asks.length > 0) return (book.bids[0][0] + book.asks[0][0]) / 2;
  const candles = state.klines.get(marketKey(symbol, market)) ?? [];
  return candles.at(-1)?.close ?? 0;
}

/** Candles in [start, end] (ms, inclusive), oldest first, at most `limit` (the newest when no start is given). */
export function candlesBetween(candles: FakeCandle[], start?: number, end?: number, limit = 500): FakeCandle[] {
  const inRange = candles.filter((c) => (start === undefined || c.time >= start) && (end === undefined || c.time <= end));
  return start === undefined ? inRange.slice(-limit) : inRange.slice(0, limit);
}
