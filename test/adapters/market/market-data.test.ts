import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCandleFetcher } from '../../../src/adapters/market/candles.js';
import { createMarketData } from '../../../src/adapters/market/market-data.js';
import type { MarketObservation } from '../../../src/domain/liquidity-analysis.js';
import { type FakeExchange, type FakeVenue, startFakeExchange } from '../../support/fake-exchange/index.js';

const VENUES: FakeVenue[] = ['binance', 'okx', 'bybit', 'htx'];
const fakes = new Map<FakeVenue, FakeExchange>();
const book = { bids: [[99, 1000] as [number, number]], asks: [[101, 1000] as [number, number]] };

before(async () => {
  for (const venue of VENUES) {
    const fake = await startFakeExchange({
      venue,
      listings: [
        { base: 'BTC', quote: 'USDT', spot: true, perp: true, contractSize: venue === 'okx' ? 0.01 : venue === 'htx' ? 0.001 : 1 },
        { base: 'ETH', quote: 'USDT', spot: true, perp: false },
      ],
    });
    for (const market of ['spot', 'perp'] as const) {
      fake.setOrderBook('BTC/USDT', market, book);
      fake.setTicker('BTC/USDT', market, { quoteVolume: 5_000_000 });
    }
    fake.setOrderBook('ETH/USDT', 'spot', book);
    fake.setFunding('BTC/USDT', { rate: 0.0001, intervalHours: 4 });
    fake.setOpenInterest('BTC/USDT', 700);
    fakes.set(venue, fake);
  }
});
after(async () => {
  await Promise.all([...fakes.values()].map((fake) => fake.close()));
});

const overrides = () => Object.fromEntries([...fakes].map(([venue, fake]) => [venue, fake.url]));
const observe = (data: ReturnType<typeof createMarketData>, venues: string[], base = 'BTC') =>
  data.observe({ venues, base, quote: 'USDT', now: new Date() });
const find = (list: MarketObservation[], venue: string, market: string) => list.find((o) => o.venue === venue && o.market === market);

describe('market data through ccxt against the fake venues', () => {
  test('every venue format: spot and perp books, contract sizes, funding, open interest, 24 h quote volume', async () => {
    const result = await observe(createMarketData({ overrides: overrides(), timeoutMs: 3000 }), VENUES);
    for (const venue of VENUES) {
      const spot = find(result, venue, 'spot');
      const perp = find(result, venue, 'perp');
      assert.equal(spot?.unavailable, undefined, `${venue} spot: ${JSON.stringify(spot?.unavailable)}`);
      assert.equal(perp?.unavailable, undefined, `${venue} perp: ${JSON.stringify(perp?.unavailable)}`);
      assert.deepEqual(spot?.book, book);
      assert.deepEqual(perp?.book, book, venue); // still in contracts: the domain converts
      assert.deepEqual(perp?.problems, [], venue);
      assert.equal(perp?.funding?.rate, 0.0001, venue);
      assert.equal(perp?.openInterestContracts, 700, venue);
      assert.equal(spot?.ticker?.quoteVolume, 5_000_000, venue);
    }
    assert.deepEqual(
      VENUES.map((venue) => find(result, venue, 'perp')?.contractSize),
      [1, 0.01, 1, 0.001],
    );
    // OKX swaps report volume in contracts and no quote volume; HTX swaps' turnover replaces ccxt's contract count.
    assert.equal(find(result, 'okx', 'perp')?.ticker?.quoteVolume, undefined);
    assert.equal(find(result, 'okx', 'perp')?.ticker?.baseVolume, 5_000_000 / 100 / 0.01);
    assert.equal(find(result, 'htx', 'perp')?.ticker?.quoteVolume, 5_000_000);
    assert.equal(find(result, 'okx', 'perp')?.funding?.interval, '4h');
  });

  test('loads only spot and linear market lists, once', async () => {
    const binance = fakes.get('binance') as FakeExchange;
    binance.requests.length = 0;
    const data = createMarketData({ overrides: overrides(), timeoutMs: 3000 });
    await observe(data, ['binance']);
    await observe(data, ['binance']);
    const lists = binance.requests.filter((r) => r.path.endsWith('/exchangeInfo')).map((r) => r.path);
    assert.deepEqual(lists.sort(), ['/api/v3/exchangeInfo', '/fapi/v1/exchangeInfo']);
    assert.ok(binance.requests.every((r) => r.path.startsWith('/api/v3/') || r.path.startsWith('/fapi/v1/')));
  });

  test('a pair listed on spot only: the perp is "not listed"; an unknown coin is not listed anywhere', async () => {
    const data = createMarketData({ overrides: overrides(), timeoutMs: 3000 });
    const eth = await observe(data, ['binance', 'okx'], 'ETH');
    assert.equal(find(eth, 'binance', 'spot')?.unavailable, undefined);
    assert.deepEqual(find(eth, 'binance', 'perp')?.unavailable, { kind: 'not_listed' });
    assert.deepEqual(find(eth, 'okx', 'perp')?.unavailable, { kind: 'not_listed' });
    const nope = await observe(data, ['bybit', 'htx'], 'NOPE');
    assert.ok(nope.every((o) => o.unavailable?.kind === 'not_listed'));
  });

  test('a failing book makes the market unavailable with the reason; a failing ticker is only a gap', async () => {
    const okx = fakes.get('okx') as FakeExchange;
    const data = createMarketData({ overrides: overrides(), timeoutMs: 3000 });
    await observe(data, ['okx']);
    okx.failNext('error', { path: '/market/books', times: 2, status: 500, body: { code: '50000', msg: 'boom' } });
    okx.failNext('error', { path: '/market/ticker', times: 2, status: 500, body: { code: '50000', msg: 'boom' } });
    const result = await observe(data, ['okx']);
    for (const market of ['spot', 'perp']) {
      const observation = find(result, 'okx', market);
      assert.equal(observation?.unavailable?.kind, 'error');
      assert.match(observation?.unavailable?.detail ?? '', /^\w+: /);
      assert.doesNotMatch(observation?.unavailable?.detail ?? '', /127\.0\.0\.1/); // no URLs in chat
    }
    okx.failNext('error', { path: '/market/ticker', times: 2 });
    const partial = await observe(data, ['okx']);
    assert.equal(find(partial, 'okx', 'spot')?.unavailable, undefined);
    assert.deepEqual(find(partial, 'okx', 'spot')?.problems.map((p) => [p.part, p.reason.kind]), [['ticker', 'error']]);
  });

  test('a market list that failed to load is fetched again next time', async () => {
    const bybit = fakes.get('bybit') as FakeExchange;
    const data = createMarketData({ overrides: overrides(), timeoutMs: 3000 });
    bybit.failNext('error', { path: 'instruments-info', times: 10 });
    const failed = await observe(data, ['bybit']);
    assert.ok(failed.every((o) => o.unavailable?.kind === 'error'));
    bybit.clearFailures();
    const recovered = await observe(data, ['bybit']);
    assert.ok(recovered.every((o) => o.unavailable === undefined));
  });

  test('a venue that never answers times out after the deadline while the others report', async () => {
    const htx = fakes.get('htx') as FakeExchange;
    htx.failAlways('timeout');
    try {
      const started = performance.now();
      const result = await observe(createMarketData({ overrides: overrides(), timeoutMs: 600 }), ['htx', 'binance']);
      assert.ok(performance.now() - started < 2500);
      assert.deepEqual(find(result, 'htx', 'spot')?.unavailable, { kind: 'timeout' });
      assert.deepEqual(find(result, 'htx', 'perp')?.unavailable, { kind: 'timeout' });
      assert.equal(find(result, 'binance', 'perp')?.unavailable, undefined);
    } finally {
      htx.clearFailures();
    }
  });

  test('venues and markets are fetched at the same time, not one after another', async () => {
    const binance = fakes.get('binance') as FakeExchange;
    const okx = fakes.get('okx') as FakeExchange;
    const data = createMarketData({ overrides: overrides(), timeoutMs: 3000 });
    await observe(data, ['binance', 'okx']); // market lists loaded
    binance.setLatency(200);
    okx.setLatency(200);
    try {
      const started = performance.now();
      await observe(data, ['binance', 'okx']);
      // 18 calls of 200 ms each would take 3.6 s in sequence; OKX's leaky bucket spaces its five
      // perp calls by ~0.5 s of cost, so about 0.7 s is the floor.
      assert.ok(performance.now() - started < 1800, `took ${performance.now() - started} ms`);
    } finally {
      binance.setLatency(0);
      okx.setLatency(0);
    }
  });

  test('venue health: a success, timeouts and 5xx are reported; 4xx, 429 and symbols not listed are not', async () => {
    const seen: [string, string | null][] = [];
    const health = (venue: string, failure: string | null) => void seen.push([venue, failure]);
    const bybit = fakes.get('bybit') as FakeExchange;
    const htx = fakes.get('htx') as FakeExchange;
    const data = createMarketData({ overrides: overrides(), timeoutMs: 600, health });
    await observe(data, ['bybit']);
    assert.deepEqual(seen, [['bybit', null], ['bybit', null]], 'one success per market');

    seen.length = 0;
    await observe(data, ['bybit'], 'NOPE');
    for (const status of [400, 429]) {
      bybit.failNext('error', { path: '/orderbook', times: 2, status, body: { retCode: 10001, retMsg: 'params error' } });
      await observe(data, ['bybit']);
    }
    assert.equal(seen.length, 0, `not listed, 400 and 429 say nothing about the venue: ${JSON.stringify(seen)}`);

    // ccxt reads this body as a BadRequest; the 503 under it is what makes it the venue's trouble.
    bybit.failNext('error', { path: '/orderbook', times: 2, status: 503, body: { retCode: 10001, retMsg: 'params error' } });
    htx.failAlways('timeout');
    try {
      await observe(data, ['bybit', 'htx']);
    } finally {
      htx.clearFailures();
    }
    const failures = seen.filter(([, failure]) => failure !== null);
    assert.deepEqual(failures.map(([venue]) => venue).sort(), ['bybit', 'bybit', 'htx', 'htx']);
    for (const [venue, failure] of failures) {
      assert.match(failure ?? '', venue === 'htx' ? /^timeout: no answer within 600 ms/ : /^BadRequest: bybit /);
      assert.doesNotMatch(failure ?? '', /127\.0\.0\.1|http/);
    }
  });

  test('venue health from the /liq candle fetcher: failures and successes, not an unknown symbol', async () => {
    const seen: [string, string | null][] = [];
    const binance = fakes.get('binance') as FakeExchange;
    const fetcher = createCandleFetcher({ overrides: overrides(), timeoutMs: 2000, health: (venue, failure) => void seen.push([venue, failure]) });
    await fetcher.fetch('binance', 'BTC/USDT', '1h');
    await assert.rejects(fetcher.fetch('binance', 'NOPE/USDT', '1h'));
    binance.failNext('error', { path: '/klines', status: 502 });
    await assert.rejects(fetcher.fetch('binance', 'BTC/USDT', '1h'));
    assert.equal(seen.length, 2, JSON.stringify(seen));
    assert.deepEqual(seen[0], ['binance', null]);
    assert.match(seen[1][1] ?? '', /^OperationFailed: binance .*injected error/);
  });
});
