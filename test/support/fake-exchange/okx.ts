// OKX v5 REST shapes (/api/v5): instruments (SPOT, SWAP), ticker, books, candles, funding-rate,
// open-interest: what ccxt's okx uses with fetchMarkets types spot/swap. Perp ids are BTC-USDT-SWAP,
// with ctVal base coin per contract.
import type { FakeAnswer } from './binance.js';
import { bookOf, candlesBetween, type FakeListing, type FakeMarket, lastPriceOf, marketKey, type VenueState } from './state.js';

const HOUR = 3_600_000;
const BARS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1H': HOUR, '4H': 4 * HOUR, '1D': 24 * HOUR, '1Dutc': 24 * HOUR };
const ok = (data: unknown[]): FakeAnswer => ({ status: 200, body: { code: '0', msg: '', data } });
const noInstrument: FakeAnswer = { status: 200, body: { code: '51001', msg: "Instrument ID or Spread ID doesn't exist.", data: [] } };

function instrument(l: FakeListing, market: FakeMarket) {
  const common = { tickSz: '0.00000001', minSz: '0.00000001', state: 'live', listTime: '1606468572000', lever: '', alias: '' };
  if (market === 'spot') {
    return { ...common, instType: 'SPOT', instId: `${l.base}-${l.quote}`, baseCcy: l.base, quoteCcy: l.quote, settleCcy: '', ctVal: '', ctMult: '', ctValCcy: '', lotSz: '0.00000001', uly: '', instFamily: '' };
  }
  return {
    ...common,
    instType: 'SWAP',
    instId: `${l.base}-${l.quote}-SWAP`,
    uly: `${l.base}-${l.quote}`,
    instFamily: `${l.base}-${l.quote}`,
    baseCcy: '',
    quoteCcy: '',
    settleCcy: l.quote,
    ctVal: String(l.contractSize ?? 1),
    ctMult: '1',
    ctValCcy: l.base,
    ctType: 'linear',
    lotSz: '0.01',
  };
}

function parseInstId(state: VenueState, instId: string | null): { symbol: string; market: FakeMarket } | undefined {
  const parts = (instId ?? '').split('-');
  const market: FakeMarket = parts[2] === 'SWAP' ? 'perp' : 'spot';
  if (parts.length !== (market === 'perp' ? 3 : 2)) return undefined;
  const listing = state.listings.find((l) => l.base === parts[0] && l.quote === parts[1]);
  if (!listing || (market === 'spot' ? listing.spot === false : listing.perp === false)) return undefined;
  return { symbol: `${listing.base}/${listing.quote}`, market };
}

const levels = (side: [number, number][], limit: number) => side.slice(0, limit).map(([p, a]) => [String(p), String(a), '0', '1']);

export function answerOkx(state: VenueState, path: string, query: URLSearchParams): FakeAnswer | undefined {
  if (!path.startsWith('/api/v5/')) return undefined;
  const endpoint = path.slice('/api/v5/'.length);
  const now = state.now();
  if (endpoint === 'public/instruments') {
    const market: FakeMarket | undefined = query.get('instType') === 'SPOT' ? 'spot' : query.get('instType') === 'SWAP' ? 'perp' : undefined;
    if (!market) return ok([]);
    return ok(state.listings.filter((l) => (market === 'spot' ? l.spot !== false : l.perp !== false)).map((l) => instrument(l, market)));
  }
  const instId = query.get('instId');
  const found = parseInstId(state, instId);
  if (!found) return noInstrument;
  const { symbol, market } = found;
  const key = marketKey(symbol, market);
  switch (endpoint) {
    case 'market/ticker': {
      const ticker = state.tickers.get(key) ?? {};
      const last = lastPriceOf(state, symbol, market);
      const book = bookOf(state, symbol, market);
      const contractSize = market === 'perp' ? (state.listings.find((l) => `${l.base}/${l.quote}` === symbol)?.contractSize ?? 1) : 1;
      // OKX: spot vol24h is base and volCcy24h quote; swap vol24h is contracts and volCcy24h base.
      const base = ticker.baseVolume ?? (ticker.quoteVolume !== undefined && last > 0 ? ticker.quoteVolume / last / contractSize : 0);
      const volCcy = market === 'spot' ? (ticker.quoteVolume ?? base * last) : base * contractSize;
      const data = { instType: market === 'spot' ? 'SPOT' : 'SWAP', instId, last: String(last), lastSz: '1', askPx: String(book.asks[0]?.[0] ?? last), askSz: '1', bidPx: String(book.bids[0]?.[0] ?? last), bidSz: '1', open24h: String(last), high24h: String(last), low24h: String(last), vol24h: String(base), volCcy24h: String(volCcy), ts: String(now), sodUtc0: String(last), sodUtc8: String(last) };
      return ok([data]);
    }
    case 'market/books':
    case 'market/books-full': {
      const book = bookOf(state, symbol, market);
      const limit = Number(query.get('sz') ?? 1);
      return ok([{ asks: levels(book.asks, limit), bids: levels(book.bids, limit), ts: String(now) }]);
    }
    case 'market/candles':
    case 'market/history-candles': {
      const step = BARS[query.get('bar') ?? '1m'] ?? 60_000;
      // OKX: `after` = older than, `before` = newer than; newest first.
      const after = query.has('after') ? Number(query.get('after')) - 1 : undefined;
      const before = query.has('before') ? Number(query.get('before')) + 1 : undefined;
      const limit = Number(query.get('limit') ?? 100);
      const candles = candlesBetween(state.klines.get(key) ?? [], undefined, after, Number.MAX_SAFE_INTEGER).filter((c) => before === undefined || c.time >= before);
      const newestFirst = candles.slice(-limit).reverse();
      return ok(newestFirst.map((c) => [String(c.time), String(c.open), String(c.high), String(c.low), String(c.close), String(c.volume), String(c.volume), String(c.volume * c.close), c.time + step <= now ? '1' : '0']));
    }
    case 'public/funding-rate': {
      if (market !== 'perp') return noInstrument;
      const funding = state.funding.get(symbol) ?? { rate: 0 };
      const interval = (funding.intervalHours ?? 8) * HOUR;
      const fundingTime = funding.nextFundingTime ?? Math.ceil(now / interval) * interval;
      return ok([{ instType: 'SWAP', instId, fundingRate: String(funding.rate), nextFundingRate: '', fundingTime: String(fundingTime), nextFundingTime: String(fundingTime + interval), method: 'current_period', ts: String(now) }]);
    }
    case 'public/open-interest': {
      if (market !== 'perp') return noInstrument;
      const contracts = state.openInterest.get(symbol) ?? 0;
      const listing = state.listings.find((l) => `${l.base}/${l.quote}` === symbol);
      const baseAmount = contracts * (listing?.contractSize ?? 1);
      return ok([{ instType: 'SWAP', instId, oi: String(contracts), oiCcy: String(baseAmount), oiUsd: String(baseAmount * lastPriceOf(state, symbol, market)), ts: String(now) }]);
    }
    default:
      return undefined;
  }
}
