// ccxt exchange instances for the configured venues. EXCHANGE_API_OVERRIDES replaces the scheme and
// host of every REST URL of a venue (tests point them at the local fake exchange; proxies too).
import ccxt, { type Exchange } from 'ccxt';

export interface ExchangeOptions {
  overrides?: Record<string, string>;
  /** Per-request timeout (ms); ccxt's own rate limiter stays on. */
  timeoutMs?: number;
  /** More ccxt constructor config, e.g. `{ options: { fetchMarkets: { types: ['spot'] } } }` (deep-merged). */
  ccxtConfig?: Record<string, unknown>;
}

export function createExchange(id: string, options: ExchangeOptions = {}): Exchange {
  const ExchangeClass = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[id];
  if (typeof ExchangeClass !== 'function') throw new Error(`ccxt does not know the exchange "${id}"`);
  const exchange = new ExchangeClass({ enableRateLimit: true, timeout: options.timeoutMs ?? 10_000, ...options.ccxtConfig });
  const base = options.overrides?.[id];
  if (base) exchange.urls = rewriteUrls(exchange.urls, base) as Exchange['urls'];
  keepHttpStatus(exchange);
  return exchange;
}

/** The HTTP status of the response an error came from, when ccxt threw it while reading a response. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { httpStatus?: unknown } | null)?.httpStatus;
  return typeof status === 'number' ? status : undefined;
}

/**
 * ccxt lets a venue's own error handler throw from the body before the HTTP status is looked at, so
 * a 500 may surface as a plain ExchangeError (OKX, Bybit) or OperationFailed (Binance). Both handlers
 * run synchronously on one response: an error they throw gets that response's status attached.
 */
function keepHttpStatus(exchange: Exchange): void {
  const tag = <A extends [number, ...unknown[]], R>(handler: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return handler(...args);
      } catch (error) {
        if (error && typeof error === 'object') (error as { httpStatus?: number }).httpStatus = args[0];
        throw error;
      }
    };
  exchange.handleErrors = tag(exchange.handleErrors.bind(exchange));
  exchange.handleHttpStatusCode = tag(exchange.handleHttpStatusCode.bind(exchange));
}

/** Replaces scheme://host[:port] of every URL string in a (nested) ccxt urls object. */
export function rewriteUrls(value: unknown, base: string): unknown {
  if (typeof value === 'string') return /^https?:\/\//.test(value) ? value.replace(/^https?:\/\/[^/]+/, base) : value;
  if (Array.isArray(value)) return value.map((item) => rewriteUrls(item, base));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteUrls(item, base)]));
  }
  return value;
}
