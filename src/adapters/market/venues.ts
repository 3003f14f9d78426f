// Per-venue ccxt settings for /coin: which market lists to load for the spot and the perp instance
// (so loadMarkets fetches two lists, not options and inverse contracts too) and how many book levels
// to ask for (enough for ±2 % where the venue allows; deeper books cost more rate-limit weight).
import ccxt from 'ccxt';
import type { MarketType } from '../../domain/liquidity-analysis.js';

interface VenueProfile {
  fetchMarkets: Record<MarketType, unknown>;
  bookLimit: Record<MarketType, number | undefined>;
}

const PROFILES: Record<string, VenueProfile> = {
  // Spot depth 1000 costs weight 10, USD-M 20; 5000 would cost 50/… and delay every later call.
  binance: { fetchMarkets: { spot: ['spot'], perp: ['linear'] }, bookLimit: { spot: 1000, perp: 1000 } },
  // /market/books serves at most 400 levels per side.
  okx: { fetchMarkets: { spot: ['spot'], perp: ['swap'] }, bookLimit: { spot: 400, perp: 400 } },
  // v5 orderbook: spot up to 200 levels, linear up to 500.
  bybit: { fetchMarkets: { spot: ['spot'], perp: ['linear'] }, bookLimit: { spot: 200, perp: 500 } },
  // step0 books hold 150 levels whatever is asked.
  htx: {
    fetchMarkets: { spot: { spot: true, linear: false, inverse: false }, perp: { spot: false, linear: true, inverse: false } },
    bookLimit: { spot: undefined, perp: undefined },
  },
};

/**
 * ccxt config for the instance that serves one market type of a venue. The rate limiter runs in
 * ccxt's rolling-window mode with ccxt's per-venue window (Binance 60 s of request weight, Bybit 5 s,
 * HTX 2 s; OKX stays a leaky bucket, ccxt's choice): the same long-run rate as the default leaky
 * bucket, but one /coin's handful of calls may go out together instead of 50–500 ms apart.
 */
export function venueCcxtConfig(venue: string, market: MarketType): Record<string, unknown> {
  const profile = PROFILES[venue];
  return {
    rateLimiterAlgorithm: 'rollingWindow',
    ...(profile ? { options: { fetchMarkets: { types: profile.fetchMarkets[market] } } } : {}),
  };
}

export function venueBookLimit(venue: string, market: MarketType): number | undefined {
  const profile = PROFILES[venue];
  return profile ? profile.bookLimit[market] : 100;
}

export function isKnownVenue(id: string): boolean {
  return (ccxt.exchanges as string[]).includes(id);
}

/**
 * 24 h volumes as /coin needs them. ccxt reports HTX swaps' `vol` (a contract count) as quoteVolume;
 * the quote turnover is `trade_turnover`. OKX swaps give no quoteVolume and a baseVolume in contracts,
 * which the domain converts by contract size.
 */
export function tickerVolumes(
  venue: string,
  market: MarketType,
  ticker: { quoteVolume?: number; baseVolume?: number; info?: Record<string, unknown> },
): { quoteVolume?: number; baseVolume?: number } {
  if (venue === 'htx' && market === 'perp') {
    const turnover = Number(ticker.info?.trade_turnover);
    return { quoteVolume: Number.isFinite(turnover) ? turnover : undefined };
  }
  return { quoteVolume: ticker.quoteVolume, baseVolume: ticker.baseVolume };
}

/** ccxt's unified symbol: spot BASE/QUOTE, linear perpetual BASE/QUOTE:QUOTE. */
export function unifiedSymbol(base: string, quote: string, market: MarketType): string {
  return market === 'spot' ? `${base}/${quote}` : `${base}/${quote}:${quote}`;
}
