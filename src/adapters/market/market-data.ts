// Market data for /coin through ccxt: every venue × market is fetched at once; each call has its
// own deadline, and a failure becomes part of the answer (MarketObservation.unavailable/problems)
// rather than an exception. One ccxt instance per venue and market type: it keeps its market list
// (reloaded hourly) and its own rate limiter, as venues meter spot and futures APIs separately.
// Each venue × market observation is also reported to `health` (the system alert "exchange failing").
import type { Exchange } from 'ccxt';
import { errors as ccxtErrors } from 'ccxt';
import type { VenueOutcomeSink } from '../../domain/exchange-health.js';
import type { MarketObservation, MarketType, Unavailable } from '../../domain/liquidity-analysis.js';
import { createExchange, httpStatusOf } from './exchanges.js';
import { tickerVolumes, unifiedSymbol, venueBookLimit, venueCcxtConfig } from './venues.js';

export interface MarketDataRequest {
  venues: readonly string[];
  base: string;
  quote: string;
  now: Date;
}

export interface MarketData {
  /** Deadline of each call (shown in "timed out" replies). */
  readonly timeoutMs: number;
  observe(request: MarketDataRequest): Promise<MarketObservation[]>;
}

export interface MarketDataOptions {
  overrides?: Record<string, string>;
  /** Deadline of each call, rate-limit wait included (default 5 s). */
  timeoutMs?: number;
  marketsTtlMs?: number;
  /** Told after each venue × market observation: a success (the book came) or a venue failure. */
  health?: VenueOutcomeSink;
}

const HOUR_MS = 3_600_000;
const CANDLES = 7 * 24;
const MARKET_TYPES: readonly MarketType[] = ['spot', 'perp'];

class DeadlineError extends Error {}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** `Class: message` without URLs (ccxt repeats the URL and the whole body) or anything key-like, short. */
function errorText(error: unknown, max: number): string {
  const name = error instanceof Error ? error.constructor.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const safe = message
    .replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '')
    .replace(/\b(api[-_]?key|secret|signature|token|passphrase|password)\b\s*[=:]\s*"?[^\s",&}]+/gi, '$1=…')
    .replace(/\s+/g, ' ')
    .trim();
  return `${name}: ${safe}`.slice(0, max);
}

export function unavailableReason(error: unknown): Unavailable {
  if (error instanceof DeadlineError || error instanceof ccxtErrors.RequestTimeout) return { kind: 'timeout' };
  if (error instanceof ccxtErrors.BadSymbol) return { kind: 'not_listed' };
  return { kind: 'error', detail: errorText(error, 160) };
}

/**
 * Whether an error says the venue is in trouble, and then why (safe for chat): a timeout, a network
 * error (no connection, maintenance), or an HTTP 5xx. Null for what says nothing about the venue: a
 * symbol it does not list, a 4xx (429 included: our own rate), an error in our own code.
 */
export function venueFailure(error: unknown): string | null {
  if (error instanceof DeadlineError) return `timeout: ${error.message}`;
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 500) return errorText(error, 160);
  if (error instanceof ccxtErrors.NetworkError && (status === undefined || status < 400)) return errorText(error, 160);
  return null;
}

export function createMarketData(options: MarketDataOptions = {}): MarketData {
  const timeoutMs = options.timeoutMs ?? 5000;
  const marketsTtlMs = options.marketsTtlMs ?? HOUR_MS;
  const instances = new Map<string, { exchange: Exchange; loadedAt?: number }>();

  /** The venue's ccxt instance for one market type, with its markets loaded (cached for marketsTtlMs). */
  async function exchangeWithMarkets(venue: string, market: MarketType): Promise<Exchange> {
    const key = `${venue}:${market}`;
    let entry = instances.get(key);
    if (!entry) {
      const exchange = createExchange(venue, { overrides: options.overrides, timeoutMs, ccxtConfig: venueCcxtConfig(venue, market) });
      // Currencies are not needed for market data and cost one more request on some venues.
      exchange.has.fetchCurrencies = false;
      entry = { exchange };
      instances.set(key, entry);
    }
    const stale = entry.loadedAt !== undefined && Date.now() - entry.loadedAt > marketsTtlMs;
    try {
      await withDeadline(entry.exchange.loadMarkets(stale), timeoutMs);
      if (stale || entry.loadedAt === undefined) entry.loadedAt = Date.now();
      return entry.exchange;
    } catch (error) {
      // ccxt keeps a failed loading promise; a fresh instance retries next time.
      instances.delete(key);
      throw error;
    }
  }

  async function observeMarket(venue: string, market: MarketType, request: MarketDataRequest): Promise<MarketObservation> {
    const started = performance.now();
    const symbol = unifiedSymbol(request.base, request.quote, market);
    const observation: MarketObservation = { venue, market, symbol, contractSize: 1, problems: [] };
    const finish = (unavailable?: Unavailable) => ({ ...observation, unavailable, latencyMs: Math.round(performance.now() - started) });
    const failed = (error: unknown) => {
      const failure = venueFailure(error);
      if (failure !== null) options.health?.(venue, failure);
      return finish(unavailableReason(error));
    };
    let exchange: Exchange;
    try {
      exchange = await exchangeWithMarkets(venue, market);
    } catch (error) {
      return failed(error);
    }
    const info = exchange.markets?.[symbol];
    if (!info || info.active === false || (market === 'perp' && !(info.swap && info.linear))) return finish({ kind: 'not_listed' });
    observation.contractSize = market === 'perp' ? Number(info.contractSize ?? 1) : 1;
    const call = <T>(work: () => Promise<T>) => withDeadline(work(), timeoutMs);
    const optional = async <T>(part: MarketObservation['problems'][number]['part'], work: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await call(work);
      } catch (error) {
        observation.problems.push({ part, reason: unavailableReason(error) });
        return undefined;
      }
    };
    // Issued in this order on purpose: a leaky-bucket limiter (OKX) holds each call back by the
    // cost of the calls before it, and on OKX books and candles are cheapest, funding dearest.
    const since = request.now.getTime() - CANDLES * HOUR_MS;
    const book = call(() => exchange.fetchOrderBook(symbol, venueBookLimit(venue, market)));
    const candles = optional('ohlcv', () => exchange.fetchOHLCV(symbol, '1h', since, CANDLES));
    const ticker = optional('ticker', () => exchange.fetchTicker(symbol));
    const interest = market === 'perp' ? optional('openInterest', () => exchange.fetchOpenInterest(symbol)) : undefined;
    const funding = market === 'perp' ? optional('funding', () => exchange.fetchFundingRate(symbol)) : undefined;
    const [t, c, f, oi, b] = await Promise.allSettled([ticker, candles, funding, interest, book]);
    if (b.status === 'rejected') return failed(b.reason);
    options.health?.(venue, null);
    const value = <T>(result: PromiseSettledResult<T>) => (result.status === 'fulfilled' ? result.value : undefined);
    const tick = value(t);
    const now = request.now.getTime();
    const bars = value(c);
    const rate = value(f);
    const openInterest = value(oi);
    observation.book = {
      bids: b.value.bids.map(([price, amount]) => [Number(price), Number(amount)] as const),
      asks: b.value.asks.map(([price, amount]) => [Number(price), Number(amount)] as const),
    };
    if (tick) observation.ticker = { last: tick.last, ...tickerVolumes(venue, market, tick) };
    // Only closed candles: the current hour's is still moving.
    if (bars) observation.hourlyCloses = bars.filter((bar) => Number(bar[0]) + HOUR_MS <= now).map((bar) => Number(bar[4]));
    if (rate?.fundingRate !== undefined) observation.funding = { rate: rate.fundingRate, interval: rate.interval, markPrice: rate.markPrice };
    if (openInterest?.openInterestAmount !== undefined) observation.openInterestContracts = openInterest.openInterestAmount;
    return finish();
  }

  return {
    timeoutMs,
    observe: (request) =>
      Promise.all(request.venues.flatMap((venue) => MARKET_TYPES.map((market) => observeMarket(venue, market, request)))),
  };
}
