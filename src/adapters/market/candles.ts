// Historical candles from a venue through ccxt, for the liquidation Monte Carlo. One request for
// the newest candles the venue serves at once (HTX cannot page back by time; 1–2 thousand candles
// at the simulation step are enough to estimate volatility and to bootstrap from).
import type { Exchange } from 'ccxt';
import type { Candle } from '../../domain/liquidation/estimate.js';
import { createExchange } from './exchanges.js';

/** Most candles one kline request returns, per venue. */
const MAX_CANDLES: Record<string, number> = { htx: 2000, binance: 1000, okx: 300, bybit: 1000 };

/** Spot market lists only: loadMarkets then fetches one list, not futures and options too. */
const SPOT_ONLY: Record<string, unknown> = {
  binance: { types: ['spot'] },
  okx: { types: ['spot'] },
  bybit: { types: ['spot'] },
  htx: { types: { spot: true, linear: false, inverse: false } },
};

export interface CandleFetcher {
  fetch(venue: string, symbol: string, timeframe: string): Promise<Candle[]>;
}

export function createCandleFetcher(options: { overrides?: Record<string, string>; timeoutMs?: number } = {}): CandleFetcher {
  const exchanges = new Map<string, Exchange>();
  function exchangeFor(venue: string): Exchange {
    let exchange = exchanges.get(venue);
    if (!exchange) {
      exchange = createExchange(venue, { overrides: options.overrides, timeoutMs: options.timeoutMs ?? 8000 });
      if (SPOT_ONLY[venue]) exchange.options.fetchMarkets = SPOT_ONLY[venue];
      exchanges.set(venue, exchange);
    }
    return exchange;
  }
  return {
    async fetch(venue, symbol, timeframe) {
      const exchange = exchangeFor(venue);
      await exchange.loadMarkets();
      const rows = await exchange.fetchOHLCV(symbol, timeframe, undefined, MAX_CANDLES[venue] ?? 500);
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
  };
}
