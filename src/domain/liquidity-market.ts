// Market-level figures next to the book: 24 h volume, realised volatility, funding, open interest
// and the perp-spot basis. Pure.

/** Crypto trades around the clock: 24 × 365 hourly returns a year. */
export const HOURS_PER_YEAR = 24 * 365;

/**
 * Annualised realised volatility from consecutive hourly closes: sample standard deviation of
 * log returns × √(hours per year). Null with fewer than 3 closes (two returns).
 */
export function realisedVolatility(hourlyCloses: readonly number[]): number | null {
  const closes = hourlyCloses.filter((close) => Number.isFinite(close) && close > 0);
  if (closes.length < 3) return null;
  const returns = closes.slice(1).map((close, i) => Math.log(close / closes[i]));
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance * HOURS_PER_YEAR);
}

/** A funding rate per interval, annualised simply (no compounding), as venues display it. */
export function annualisedFunding(ratePerInterval: number, intervalHours: number): number {
  return ratePerInterval * (HOURS_PER_YEAR / intervalHours);
}

/** "8h" → 8; venues without an interval in their answer use 8 h, the common default. */
export function fundingIntervalHours(interval: string | undefined): { hours: number; assumed: boolean } {
  const match = /^(\d+(?:\.\d+)?)h$/.exec(interval ?? '');
  return match ? { hours: Number(match[1]), assumed: false } : { hours: 8, assumed: true };
}

/** Open interest counted in contracts, in quote coin at `price`. */
export function openInterestInQuote(contracts: number, contractSize: number, price: number): number {
  return contracts * contractSize * price;
}

/** 24 h volume in quote: the venue's quote volume when given, else base volume (contracts for perps) × size × last. */
export function volumeInQuote(ticker: { quoteVolume?: number; baseVolume?: number; last?: number }, contractSize: number): number | null {
  if (ticker.quoteVolume !== undefined && Number.isFinite(ticker.quoteVolume)) return ticker.quoteVolume;
  if (ticker.baseVolume === undefined || ticker.last === undefined) return null;
  return ticker.baseVolume * contractSize * ticker.last;
}

/** Perp premium over spot, mid against mid, in bps. */
export function basisBps(perpMid: number, spotMid: number): number {
  return ((perpMid - spotMid) / spotMid) * 10_000;
}
