// Bybit v5 REST shapes (/v5/market/*, category spot | linear): instruments-info, tickers (which also
// carry funding and mark price for perps), orderbook, kline, open-interest. Linear contracts are 1 coin.
import type { FakeAnswer } from './binance.js';
import { bookOf, candlesBetween, type FakeListing, type FakeMarket, lastPriceOf, marketKey, type VenueState } from './state.js';

const HOUR = 3_600_000;
const ok = (result: unknown, now: number): FakeAnswer => ({ status: 200, body: { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: now } });
const notFound = (now: number): FakeAnswer => ({ status: 200, body: { retCode: 10001, retMsg: 'params error: symbol invalid', result: {}, retExtInfo: {}, time: now } });

function instrument(l: FakeListing, market: FakeMarket) {
  const common = { symbol: `${l.base}${l.quote}`, baseCoin: l.base, quoteCoin: l.quote, status: 'Trading', priceFilter: { tickSize: '0.00000001', minPrice: '0.00000001', maxPrice: '10000000' } };
  if (market === 'spot') {
    return { ...common, marginTrading: 'none', lotSizeFilter: { basePrecision: '0.00000001', quotePrecision: '0.00000001', minOrderQty: '0.00000001', maxOrderQty: '10000000', minOrderAmt: '1', maxOrderAmt: '10000000' } };
  }
  return {
    ...common,
    contractType: 'LinearPerpetual',
    settleCoin: l.quote,
    launchTime: '1584230400000',
    deliveryTime: '0',
    priceScale: '2',
    fundingInterval: 480,
    leverageFilter: { minLeverage: '1', maxLeverage: '100', leverageStep: '0.01' },
    lotSizeFilter: { maxOrderQty: '1000', minOrderQty: '0.001', qtyStep: '0.001' },
  };
}

const levels = (side: [number, number][], limit: number) => side.slice(0, limit).map(([p, a]) => [String(p), String(a)]);

export function answerBybit(state: VenueState, path: string, query: URLSearchParams): FakeAnswer | undefined {
  if (!path.startsWith('/v5/market/')) return undefined;
  const endpoint = path.slice('/v5/market/'.length);
  const now = state.now();
  const market: FakeMarket | undefined = query.get('category') === 'spot' ? 'spot' : query.get('category') === 'linear' ? 'perp' : undefined;
  if (!market) return ok({ category: query.get('category'), list: [] }, now);
  const listed = state.listings.filter((l) => (market === 'spot' ? l.spot !== false : l.perp !== false));
  if (endpoint === 'instruments-info') {
    const list = query.get('status') === 'PreLaunch' ? [] : listed.map((l) => instrument(l, market));
    return ok({ category: query.get('category'), list }, now);
  }
  const listing = listed.find((l) => `${l.base}${l.quote}` === query.get('symbol'));
  if (!listing) return notFound(now);
  const symbol = `${listing.base}/${listing.quote}`;
  const key = marketKey(symbol, market);
  switch (endpoint) {
    case 'tickers': {
      const ticker = state.tickers.get(key) ?? {};
      const last = lastPriceOf(state, symbol, market);
      const book = bookOf(state, symbol, market);
      const base = ticker.baseVolume ?? (ticker.quoteVolume !== undefined && last > 0 ? ticker.quoteVolume / last : 0);
      const common = { symbol: query.get('symbol'), lastPrice: String(last), bid1Price: String(book.bids[0]?.[0] ?? last), ask1Price: String(book.asks[0]?.[0] ?? last), prevPrice24h: String(last), price24hPcnt: '0', highPrice24h: String(last), lowPrice24h: String(last), volume24h: String(base), turnover24h: String(ticker.quoteVolume ?? base * last) };
      if (market === 'spot') return ok({ category: 'spot', list: [common] }, now);
      const funding = state.funding.get(symbol) ?? { rate: 0 };
      const mark = funding.markPrice ?? last;
      const contracts = state.openInterest.get(symbol) ?? 0;
      const nextFundingTime = funding.nextFundingTime ?? Math.ceil(now / (8 * HOUR)) * 8 * HOUR;
      const perp = { ...common, markPrice: String(mark), indexPrice: String(funding.indexPrice ?? mark), openInterest: String(contracts), openInterestValue: String(contracts * mark), fundingRate: String(funding.rate), nextFundingTime: String(nextFundingTime) };
      return ok({ category: 'linear', list: [perp] }, now);
    }
    case 'orderbook': {
      const book = bookOf(state, symbol, market);
      const limit = Number(query.get('limit') ?? 25);
      return ok({ s: query.get('symbol'), b: levels(book.bids, limit), a: levels(book.asks, limit), ts: now, u: 1, seq: 1, cts: now }, now);
    }
    case 'kline': {
      const start = query.has('start') ? Number(query.get('start')) : undefined;
      const end = query.has('end') ? Number(query.get('end')) : undefined;
      const candles = candlesBetween(state.klines.get(key) ?? [], start, end, Number(query.get('limit') ?? 200));
      const list = [...candles].reverse().map((c) => [String(c.time), String(c.open), String(c.high), String(c.low), String(c.close), String(c.volume), String(c.volume * c.close)]);
      return ok({ category: query.get('category'), symbol: query.get('symbol'), list }, now);
    }
    case 'open-interest': {
      const contracts = state.openInterest.get(symbol) ?? 0;
      return ok({ category: 'linear', symbol: query.get('symbol'), list: [{ openInterest: String(contracts), timestamp: String(now) }], nextPageCursor: '' }, now);
    }
    default:
      return undefined;
  }
}
