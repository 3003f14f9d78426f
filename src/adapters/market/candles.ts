// Market data for the liquidation Monte Carlo through ccxt: historical candles (one request for the
// newest candles the venue serves at once; HTX cannot page back by time, and 1–2 thousand candles
// at the simulation step are enough to estimate volatility and to bootstrap from) and the spot
// order book the liquidation would sell into.
import type { Exchange } from 'ccxt';
import type { VenueOutcomeSink } from '../../domain/exchange-health.js';
import type { BookLevel } from '../../domain/liquidation/depth.js';
import type { Candle } from '../../domain/liquidation/estimate.js';
import { createExchange } from './exchanges.js';
import { venueFailure } from './market-data.js';
import { venueBookLimit, venueCcxtConfig } from './venues.js';

/** Most candles one kline request returns, per venue. */
const MAX_CANDLES: Record<string, number> = { htx: 2000, binance: 1000, okx: 300, bybit: 1000 };

export interface CandleFetcher {
  fetch(venue: string, symbol: string, timeframe: string): Promise<Candle[]>;
  book(venue: string, symbol: string): Promise<{ bids: BookLevel[]; asks: BookLevel[] }>;
}

export interface CandleFetcherOptions {
  overrides?: Record<string, string>;
  timeoutMs?: number;
  /** Told after each call (market list included): a success or a venue failure. */
  health?: VenueOutcomeSink;
}

export function createCandleFetcher(options: CandleFetcherOptions = {}): CandleFetcher {
  const exchanges = new Map<string, Exchange>();
  /** Runs one call and reports how the venue answered (a symbol it does not list: nothing). */
  async function reported<T>(venue: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      options.health?.(venue, null);
      return result;
    } catch (error) {
      const failure = venueFailure(error);
      if (failure !== null) options.health?.(venue, failure);
      throw error;
    }
  }
  async function spotExchange(venue: string): Promise<Exchange> {
    let exchange = exchanges.get(venue);
    if (!exchange) {
      exchange = createExchange(venue, { overrides: options.overrides, timeoutMs: options.timeoutMs ?? 8000, ccxtConfig: venueCcxtConfig(venue, 'spot') });
      exchange.has.fetchCurrencies = false; // not needed, and one more request on some venues
      exchanges.set(venue, exchange);
    }
    await exchange.loadMarkets();
    return exchange;
  }
  return {
    async fetch(venue, symbol, timeframe) {
      const rows = await reported(venue, async () => (await spotExchange(venue)).fetchOHLCV(symbol, timeframe, undefined, MAX_CANDLES[venue] ?? 500));
      return rows
        .map(([time, open, high, low, close, volume]) => ({
          time: Number(time),
          open: Number(open),
          high: Number(high),
          low: Number(low),
          close: Number(close),
          volume: Number(volume ?? 0),
        }))
        .filter((c) => c.close > 0 && Number.isFinite(c.close));
    },
    async book(venue, symbol) {
      const book = await reported(venue, async () => (await spotExchange(venue)).fetchOrderBook(symbol, venueBookLimit(venue, 'spot')));
      const levels = (side: typeof book.bids) => side.map(([price, amount]) => [Number(price), Number(amount)] as const);
      return { bids: levels(book.bids), asks: levels(book.asks) };
    },
  };
}
