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
  return exchange;
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
