// HTX REST shapes: spot (/v1/common/symbols, /market/*) and USDT-margined swaps
// (/linear-swap-api, /linear-swap-ex, /v5/market), what ccxt's htx uses with fetchMarkets types
// spot or linear. Spot ids are btcusdt, swap ids BTC-USDT with contract_size base coin per contract.
import type { FakeAnswer } from './binance.js';
import { bookOf, candlesBetween, type FakeListing, type FakeMarket, lastPriceOf, marketKey, type VenueState } from './state.js';

const HOUR = 3_600_000;
const PERIODS: Record<string, number> = { '1min': 60_000, '5min': 300_000, '15min': 900_000, '60min': HOUR, '4hour': 4 * HOUR, '1day': 24 * HOUR };
const ok = (body: Record<string, unknown>, now: number): FakeAnswer => ({ status: 200, body: { status: 'ok', ...body, ts: now } });
const badSpotSymbol = (now: number): FakeAnswer => ({ status: 200, body: { status: 'error', 'err-code': 'invalid-parameter', 'err-msg': 'invalid symbol', data: null, ts: now } });
const badContract = (now: number): FakeAnswer => ({ status: 200, body: { status: 'error', err_code: 1332, err_msg: 'The contract does not exist.', ts: now } });

const spotSymbol = (l: FakeListing) => ({
  'base-currency': l.base.toLowerCase(),
  'quote-currency': l.quote.toLowerCase(),
  'price-precision': 2,
  'amount-precision': 6,
  'symbol-partition': 'main',
  symbol: `${l.base}${l.quote}`.toLowerCase(),
  state: 'online',
  'value-precision': 8,
  'min-order-amt': 0.0001,
  'max-order-amt': 1000,
  'min-order-value': 5,
  'api-trading': 'enabled',
});

const swapContract = (l: FakeListing) => ({
  symbol: l.base,
  contract_code: `${l.base}-${l.quote}`,
  contract_size: l.contractSize ?? 1,
  price_tick: 0.1,
  create_date: '20201021',
  contract_status: 1,
  settlement_date: '1640764800000',
  support_margin_mode: 'all',
  business_type: 'swap',
  pair: `${l.base}-${l.quote}`,
  contract_type: 'swap',
  trade_partition: l.quote,
});

export function answerHtx(state: VenueState, path: string, query: URLSearchParams): FakeAnswer | undefined {
  const now = state.now();
  if (path === '/v1/common/symbols') return ok({ data: state.listings.filter((l) => l.spot !== false).map(spotSymbol) }, now);
  if (path === '/linear-swap-api/v1/swap_contract_info') return ok({ data: state.listings.filter((l) => l.perp !== false).map(swapContract) }, now);
  const perpPath = path.startsWith('/linear-swap-ex/') || path.startsWith('/v5/market/');
  const market: FakeMarket = perpPath ? 'perp' : 'spot';
  const id = perpPath ? query.get('contract_code') : query.get('symbol');
  const listing = state.listings.find((l) =>
    market === 'perp' ? l.perp !== false && `${l.base}-${l.quote}` === id : l.spot !== false && `${l.base}${l.quote}`.toLowerCase() === id,
  );
  if (!listing) return market === 'perp' ? badContract(now) : badSpotSymbol(now);
  const symbol = `${listing.base}/${listing.quote}`;
  const key = marketKey(symbol, market);
  const contractSize = market === 'perp' ? (listing.contractSize ?? 1) : 1;
  const last = lastPriceOf(state, symbol, market);
  switch (path) {
    case '/market/detail/merged':
    case '/linear-swap-ex/market/detail/merged': {
      const ticker = state.tickers.get(key) ?? {};
      const book = bookOf(state, symbol, market);
      // `amount` is base coin; `vol` is quote on spot but contracts on swaps (quote there is trade_turnover).
      const coins = ticker.baseVolume !== undefined ? ticker.baseVolume * contractSize : ticker.quoteVolume !== undefined && last > 0 ? ticker.quoteVolume / last : 0;
      const turnover = ticker.quoteVolume ?? coins * last;
      const tick = { id: 1, version: 1, open: last, close: last, low: last, high: last, amount: coins, vol: market === 'spot' ? turnover : coins / contractSize, trade_turnover: turnover, count: 1, bid: [book.bids[0]?.[0] ?? last, 1], ask: [book.asks[0]?.[0] ?? last, 1] };
      return ok({ ch: `market.${id}.detail.merged`, tick }, now);
    }
    case '/market/depth':
    case '/linear-swap-ex/market/depth': {
      const book = bookOf(state, symbol, market);
      const depth = Number(query.get('depth') ?? 150);
      return ok({ ch: `market.${id}.depth.step0`, tick: { bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth), ts: now, version: 1 } }, now);
    }
    case '/market/history/candles':
    case '/market/history/kline':
    case '/linear-swap-ex/market/history/kline': {
      const step = PERIODS[query.get('period') ?? ''] ?? HOUR;
      const from = query.has('from') ? Number(query.get('from')) * 1000 : undefined;
      const to = query.has('to') ? Number(query.get('to')) * 1000 : undefined;
      const candles = candlesBetween(state.klines.get(key) ?? [], from, to, Number(query.get('size') ?? 150));
      const data = candles.map((c) => ({ id: c.time / 1000, open: c.open, close: c.close, low: c.low, high: c.high, amount: c.volume * contractSize, vol: c.volume, trade_turnover: c.volume * contractSize * c.close, count: 1 }));
      return ok({ ch: `market.${id}.kline.${step}`, data: market === 'spot' ? data.reverse() : data }, now);
    }
    case '/v5/market/funding_rate': {
      const funding = state.funding.get(symbol) ?? { rate: 0 };
      const interval = (funding.intervalHours ?? 8) * HOUR;
      const fundingTime = funding.nextFundingTime ?? Math.ceil(now / interval) * interval;
      const data = [{ contract_code: id, funding_rate: String(funding.rate), funding_time: String(fundingTime), next_funding_time: String(fundingTime + interval), min_funding_rate: '-0.0075', max_funding_rate: '0.0075' }];
      return { status: 200, body: { code: 200, message: 'Success', data, ts: now } };
    }
    case '/v5/market/open_interest': {
      const contracts = state.openInterest.get(symbol) ?? 0;
      const data = { amount: String(contracts * contractSize), volume: String(contracts), value: String(contracts * contractSize * last), contract_code: id, trade_amount: '0', trade_volume: '0', trade_turnover: '0' };
      return { status: 200, body: { code: 200, message: 'Success', data, ts: now } };
    }
    default:
      return undefined;
  }
}
