// What the trader asked /coin for: the pair, the notional and the venues, with defaults from settings.
import { UserError } from '../../bot/errors.js';
import { isKnownVenue } from '../../adapters/market/venues.js';

export interface CoinRequest {
  base: string;
  quote: string;
  notional: number;
  venues: string[];
}

const COIN = /^[A-Z0-9]{1,20}$/;
const MAX_NOTIONAL = 1e9;

/** BTC, btc, BTC/USDT, BTC-USDT, BTC/USDT:USDT (the perp spelling; the quote is what matters). */
export function parsePair(raw: string): { base: string; quote: string } {
  const [pair] = raw.trim().toUpperCase().split(':');
  const [base, quote = 'USDT', ...rest] = pair.split(/[/／-]/);
  if (rest.length > 0 || !COIN.test(base) || !COIN.test(quote)) throw new UserError('coin.badSymbol', { value: raw.slice(0, 40) });
  return { base, quote };
}

/** 100000, 100_000, 1,000,000, 250k, 1.5m, 50万, 1e6. */
export function parseNotional(raw: string): number {
  const text = raw.trim().toLowerCase().replace(/[,_，]/g, '');
  const match = /^(\d+(?:\.\d+)?(?:e\d+)?)(k|m|w|万)?$/.exec(text);
  const multiplier = { k: 1e3, m: 1e6, w: 1e4, 万: 1e4 }[match?.[2] ?? ''] ?? 1;
  const value = match ? Number(match[1]) * multiplier : Number.NaN;
  if (!Number.isFinite(value) || value < 1 || value > MAX_NOTIONAL) throw new UserError('coin.badNotional', { value: raw.slice(0, 40) });
  return value;
}

export function parseVenues(raw: string | undefined, fallback: readonly string[]): string[] {
  const venues = raw === undefined ? [...fallback] : raw.split(/[,，\s]+/).map((v) => v.trim().toLowerCase()).filter(Boolean);
  const unknown = venues.filter((venue) => !isKnownVenue(venue));
  if (venues.length === 0 || unknown.length > 0) throw new UserError('coin.unknownVenue', { names: unknown.join(',') || String(raw) });
  return [...new Set(venues)];
}

export function coinRequest(
  args: { symbol: string; notional?: string; exchanges?: string },
  defaults: { notional: number; venues: readonly string[] },
): CoinRequest {
  const { base, quote } = parsePair(args.symbol);
  return {
    base,
    quote,
    notional: args.notional === undefined ? defaults.notional : parseNotional(args.notional),
    venues: parseVenues(args.exchanges, defaults.venues),
  };
}
