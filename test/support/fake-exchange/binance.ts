// Binance REST shapes: spot /api/v3 and USD-M futures /fapi/v1, only what ccxt's binance uses for
// loadMarkets (with fetchMarkets types spot/linear), fetchTicker, fetchOrderBook, fetchOHLCV,
// fetchFundingRate and fetchOpenInterest.
import { bookOf, candlesBetween, type FakeListing, type FakeMarket, lastPriceOf, marketKey, type VenueState } from './state.js';

export interface FakeAnswer {
  status: number;
  body: unknown;
}

const HOUR = 3_600_000;
const INTERVALS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': HOUR, '4h': 4 * HOUR, '1d': 24 * HOUR };
const invalidSymbol: FakeAnswer = { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
const filters = [
  { filterType: 'PRICE_FILTER', minPrice: '0.00000001', maxPrice: '10000000', tickSize: '0.00000001' },
  { filterType: 'LOT_SIZE', minQty: '0.00000001', maxQty: '10000000', stepSize: '0.00000001' },
];

function spotSymbol(l: FakeListing) {
  return {
    symbol: `${l.base}${l.quote}`,
    status: 'TRADING',
    baseAsset: l.base,
    baseAssetPrecision: 8,
    quoteAsset: l.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET'],
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters,
    permissions: [],
    permissionSets: [['SPOT']],
  };
}

function perpSymbol(l: FakeListing) {
  return {
    symbol: `${l.base}${l.quote}`,
    pair: `${l.base}${l.quote}`,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    baseAsset: l.base,
    quoteAsset: l.quote,
    marginAsset: l.quote,
    pricePrecision: 8,
    quantityPrecision: 8,
    underlyingType: 'COIN',
    filters,
    orderTypes: ['LIMIT', 'MARKET'],
    timeInForce: ['GTC'],
  };
}

/** `BTCUSDT` → `BTC/USDT` for a listed pair of this market type. */
function symbolOf(state: VenueState, id: string | undefined, market: FakeMarket): string | undefined {
  const listing = state.listings.find((l) => `${l.base}${l.quote}` === id && (market === 'spot' ? l.spot !== false : l.perp !== false));
  return listing ? `${listing.base}/${listing.quote}` : undefined;
}

const levels = (side: [number, number][], limit: number) => side.slice(0, limit).map(([p, a]) => [String(p), String(a)]);

export function answerBinance(state: VenueState, path: string, query: URLSearchParams): FakeAnswer | undefined {
  const prefix = path.startsWith('/fapi/v1/') ? '/fapi/v1/' : path.startsWith('/api/v3/') ? '/api/v3/' : undefined;
  if (!prefix) return undefined;
  const market: FakeMarket = prefix === '/fapi/v1/' ? 'perp' : 'spot';
  const endpoint = path.slice(prefix.length);
  const now = state.now();
  if (endpoint === 'exchangeInfo') {
    const listed = state.listings.filter((l) => (market === 'spot' ? l.spot !== false : l.perp !== false));
    return { status: 200, body: { timezone: 'UTC', serverTime: now, rateLimits: [], exchangeFilters: [], symbols: listed.map((l): object => (market === 'spot' ? spotSymbol(l) : perpSymbol(l))) } };
  }
  const id = query.get('symbol') ?? undefined;
  const symbol = symbolOf(state, id, market);
  if (!symbol) return invalidSymbol;
  const key = marketKey(symbol, market);
  switch (endpoint) {
    case 'ticker/24hr': {
      const ticker = state.tickers.get(key) ?? {};
      const last = lastPriceOf(state, symbol, market);
      const book = bookOf(state, symbol, market);
      const baseVolume = ticker.baseVolume ?? (ticker.quoteVolume !== undefined && last > 0 ? ticker.quoteVolume / last : 0);
      return {
        status: 200,
        body: {
          symbol: id,
          lastPrice: String(last),
          bidPrice: String(book.bids[0]?.[0] ?? last),
          askPrice: String(book.asks[0]?.[0] ?? last),
          openPrice: String(last),
          highPrice: String(last),
          lowPrice: String(last),
          volume: String(baseVolume),
          quoteVolume: String(ticker.quoteVolume ?? baseVolume * last),
          openTime: now - 24 * HOUR,
          closeTime: now,
          count: 1,
        },
      };
    }
    case 'depth': {
      const book = bookOf(state, symbol, market);
      const limit = Number(query.get('limit') ?? 100);
      return { status: 200, body: { lastUpdateId: 1, E: now, T: now, bids: levels(book.bids, limit), asks: levels(book.asks, limit) } };
    }
    case 'klines': {
      const step = INTERVALS[query.get('interval') ?? ''] ?? HOUR;
      const start = query.has('startTime') ? Number(query.get('startTime')) : undefined;
      const end = query.has('endTime') ? Number(query.get('endTime')) : undefined;
      const candles = candlesBetween(state.klines.get(key) ?? [], start, end, Number(query.get('limit') ?? 500));
      return {
        status: 200,
        body: candles.map((c) => [c.time, String(c.open), String(c.high), String(c.low), String(c.close), String(c.volume), c.time + step - 1, String(c.volume * c.close), 1, '0', '0', '0']),
      };
    }
    case 'premiumIndex': {
      if (market !== 'perp') return undefined;
      const funding = state.funding.get(symbol) ?? { rate: 0 };
      const mark = funding.markPrice ?? lastPriceOf(state, symbol, market);
      return {
        status: 200,
        body: {
          symbol: id,
          markPrice: String(mark),
          indexPrice: String(funding.indexPrice ?? mark),
          estimatedSettlePrice: String(mark),
          lastFundingRate: String(funding.rate),
          interestRate: '0.0001',
          nextFundingTime: funding.nextFundingTime ?? Math.ceil(now / (8 * HOUR)) * 8 * HOUR,
          time: now,
        },
      };
    }
    case 'openInterest':
      if (market !== 'perp') return undefined;
      return { status: 200, body: { symbol: id, openInterest: String(state.openInterest.get(symbol) ?? 0), time: now } };
    default:
      return undefined;
  }
}
