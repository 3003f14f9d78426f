/**
 * A fake exchange for tests and benchmarks: a loopback HTTP server answering in one real venue's
 * REST format (`binance`: spot /api/v3 + USD-M /fapi/v1; `okx`: /api/v5; `bybit`: /v5/market;
 * `htx`: spot + linear swaps), so real ccxt talks to it through EXCHANGE_API_OVERRIDES
 * (`binance=${fake.url}`). Also setTicker (24 h volume), setFunding, setOpenInterest, clearFailures.
 *
 * ```ts
 * const fake = await startFakeExchange({ venue: 'binance' });           // BTC/USDT and ETH/USDT, spot + perp
 * fake.setOrderBook('BTC/USDT', 'spot', { bids: [[99, 1]], asks: [[101, 2]] });
 * fake.setKlines('BTC/USDT', 'spot', candles);                           // 1h candles, oldest first
 * fake.setLatency(100); fake.failNext('timeout', { path: /depth/ }); fake.failAlways('error');
 * fake.requests;                                                          // [{ method, path, query, at }]
 * await fake.close();
 * ```
 * Amounts in books, open interest and perp candles are in contracts (`contractSize` base each).
 * A "timeout" never answers (until close); an "error" answers 500 (or the given status/body).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answerBinance, type FakeAnswer } from './binance.js';
import { answerBybit } from './bybit.js';
import { answerHtx } from './htx.js';
import { answerOkx } from './okx.js';
import {
  type FakeBook,
  type FakeCandle,
  type FakeFunding,
  type FakeListing,
  type FakeMarket,
  type FakeTicker,
  marketKey,
  type VenueState,
} from './state.js';

export type { FakeBook, FakeCandle, FakeFunding, FakeListing, FakeMarket, FakeTicker } from './state.js';
export type FakeVenue = 'binance' | 'okx' | 'bybit' | 'htx';

export interface FakeExchangeOptions {
  venue?: FakeVenue;
  /** Pairs listed; default BTC/USDT and ETH/USDT, spot and perp (contract sizes as the venue: OKX 0.01 BTC, HTX 0.001 BTC). */
  listings?: FakeListing[];
  latencyMs?: number;
  /** Server clock in ms (default Date.now). */
  now?: () => number;
}

export interface FailureRule {
  kind: 'timeout' | 'error';
  /** Only requests whose path matches (default: every request). */
  path?: string | RegExp;
  status?: number;
  body?: unknown;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  at: number;
}

export interface FakeExchange {
  url: string;
  venue: FakeVenue;
  setOrderBook(symbol: string, market: FakeMarket, book: FakeBook): void;
  setKlines(symbol: string, market: FakeMarket, candles: FakeCandle[]): void;
  setTicker(symbol: string, market: FakeMarket, ticker: FakeTicker): void;
  setFunding(symbol: string, funding: FakeFunding): void;
  /** Open interest of the perp, in contracts. */
  setOpenInterest(symbol: string, contracts: number): void;
  setLatency(ms: number): void;
  /** The next `times` (default 1) matching requests fail. */
  failNext(kind: FailureRule['kind'], rule?: Omit<FailureRule, 'kind'> & { times?: number }): void;
  /** Every matching request fails until clearFailures(). */
  failAlways(kind: FailureRule['kind'], rule?: Omit<FailureRule, 'kind'>): void;
  clearFailures(): void;
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

const DEFAULT_LISTINGS: Record<FakeVenue, FakeListing[]> = {
  binance: [
    { base: 'BTC', quote: 'USDT', spot: true, perp: true, contractSize: 1 },
    { base: 'ETH', quote: 'USDT', spot: true, perp: true, contractSize: 1 },
  ],
  okx: [
    { base: 'BTC', quote: 'USDT', spot: true, perp: true, contractSize: 0.01 },
    { base: 'ETH', quote: 'USDT', spot: true, perp: true, contractSize: 0.1 },
  ],
  bybit: [
    { base: 'BTC', quote: 'USDT', spot: true, perp: true, contractSize: 1 },
    { base: 'ETH', quote: 'USDT', spot: true, perp: true, contractSize: 1 },
  ],
  htx: [
    { base: 'BTC', quote: 'USDT', spot: true, perp: true, contractSize: 0.001 },
    { base: 'ETH', quote: 'USDT', spot: true, perp: true, contractSize: 0.01 },
  ],
};

const ANSWERS = { binance: answerBinance, okx: answerOkx, bybit: answerBybit, htx: answerHtx };

const matches = (rule: FailureRule, path: string) =>
  rule.path === undefined || (typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(path));

export async function startFakeExchange(options: FakeExchangeOptions = {}): Promise<FakeExchange> {
  const venue = options.venue ?? 'binance';
  const state: VenueState = {
    listings: options.listings ?? DEFAULT_LISTINGS[venue],
    books: new Map(),
    klines: new Map(),
    tickers: new Map(),
    funding: new Map(),
    openInterest: new Map(),
    now: options.now ?? Date.now,
  };
  let latencyMs = options.latencyMs ?? 0;
  const once: (FailureRule & { times: number })[] = [];
  const always: FailureRule[] = [];
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const answer = ANSWERS[venue];

  const send = (res: ServerResponse, { status, body }: FakeAnswer) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  function failureFor(path: string): FailureRule | undefined {
    const index = once.findIndex((rule) => matches(rule, path));
    if (index >= 0) {
      const rule = once[index];
      rule.times -= 1;
      if (rule.times <= 0) once.splice(index, 1);
      return rule;
    }
    return always.find((rule) => matches(rule, path));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), at: Date.now() });
    const failure = failureFor(url.pathname);
    if (latencyMs > 0) await new Promise((done) => setTimeout(done, latencyMs));
    if (failure?.kind === 'timeout') return; // never answers; the socket is destroyed on close()
    if (failure) return send(res, { status: failure.status ?? 500, body: failure.body ?? { code: -1000, msg: 'fake exchange: injected error' } });
    const result = answer(state, url.pathname, url.searchParams);
    send(res, result ?? { status: 404, body: { code: -1, msg: `fake exchange (${venue}) does not serve ${url.pathname}` } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, { status: 500, body: { msg: error.message } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    venue,
    setOrderBook: (symbol, market, book) => state.books.set(marketKey(symbol, market), book),
    setKlines: (symbol, market, candles) => state.klines.set(marketKey(symbol, market), candles),
    setTicker: (symbol, market, ticker) => state.tickers.set(marketKey(symbol, market), ticker),
    setFunding: (symbol, funding) => state.funding.set(symbol.toUpperCase(), funding),
    setOpenInterest: (symbol, contracts) => state.openInterest.set(symbol.toUpperCase(), contracts),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    failNext: (kind, rule = {}) => {
      once.push({ ...rule, kind, times: rule.times ?? 1 });
    },
    failAlways: (kind, rule = {}) => {
      always.push({ ...rule, kind });
    },
    clearFailures: () => {
      once.length = 0;
      always.length = 0;
    },
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
