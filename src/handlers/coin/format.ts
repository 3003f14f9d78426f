// How /coin shows numbers: the same spelling in the chat table, the charts and the report file.
import type { Translate } from '../../bot/i18n.js';
import type { Unavailable } from '../../domain/liquidity-analysis.js';
import type { Depth } from '../../domain/liquidity.js';

/** Amounts in quote coin, compact: 1.23M, 456.7K, 812.50. */
export function formatAmount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toFixed(1)}K`;
  return value.toFixed(2);
}

/** Prices with precision that suits their size (BTC 2 decimals, small caps more). */
export function formatPrice(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return value.toFixed(2);
  if (magnitude >= 1) return value.toFixed(4);
  return value.toPrecision(5);
}

export const formatBps = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(1));

/** Costs with their sign: +2.0 pays more than the reference, -1.0 less. */
export const formatSignedBps = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(1)}`;

export const formatPercent = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined || !Number.isFinite(value) ? '-' : `${(value * 100).toFixed(digits)}%`;

/** Notional as typed back to the trader: 100,000. */
export const formatNotional = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** One side of a depth band; "≥" when the venue's book ended inside the band. */
export function formatDepthSide(depth: Depth | null, side: 'bid' | 'ask'): string {
  if (!depth) return '-';
  const complete = side === 'bid' ? depth.bidComplete : depth.askComplete;
  return `${complete ? '' : '≥'}${formatAmount(side === 'bid' ? depth.bid : depth.ask)}`;
}

export function describeUnavailable(t: Translate, reason: Unavailable, timeoutMs: number): string {
  return t(`coin.unavailable.${reason.kind}`, { seconds: (timeoutMs / 1000).toFixed(1), detail: reason.detail ?? '' });
}
