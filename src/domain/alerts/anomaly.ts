// Anomaly alerts for a newly matched order against its history percentiles (domain.md). Pure: the
// percentiles are computed elsewhere (SQL slices + percentile.ts) and handed in.
import { alertKeys, type NewAlert } from './types.js';

export interface MatchedOrder {
  lockId: string;
  clientId: string;
  side: string;
  baseCoin: string;
  quoteCoin: string;
  lockedAt: Date;
  notional: number;
  amount: number;
  price: number;
  pnl: number;
  pnlBps: number;
  lagSeconds: number;
  method?: string;
  exchange?: string;
}

export interface AnomalyThresholds {
  metric: 'pnl_bps' | 'pnl';
  /** Thresholds of the metric and of the lag; null when the history is empty. */
  metricLow: number | null;
  metricHigh: number | null;
  lagHigh: number | null;
  /** Rows the percentiles were computed from, and whether that was this coin or all coins. */
  sampleSize: number;
  scope: 'coin' | 'all';
  percentileLow: number;
  percentileHigh: number;
  lagPercentile: number;
}

/**
 * Strict comparisons: a value exactly at a percentile is inside the distribution. An empty history
 * has no percentiles, so nothing fires (a first order is not an anomaly of itself).
 */
export function anomalyAlerts(order: MatchedOrder, thresholds: AnomalyThresholds): NewAlert[] {
  const alerts: NewAlert[] = [];
  const value = thresholds.metric === 'pnl' ? order.pnl : order.pnlBps;
  const common = {
    coin: order.baseCoin,
    clientId: order.clientId,
    lockId: order.lockId,
    occurredAt: order.lockedAt,
  };
  const sample = { sampleSize: thresholds.sampleSize, scope: thresholds.scope };
  const orderFacts = {
    side: order.side,
    quoteCoin: order.quoteCoin,
    notional: order.notional,
    pnl: order.pnl,
    pnlBps: order.pnlBps,
    lagSeconds: order.lagSeconds,
    method: order.method,
    exchange: order.exchange,
  };
  const low = thresholds.metricLow;
  const high = thresholds.metricHigh;
  if (low !== null && high !== null && (value < low || value > high)) {
    const below = value < low;
    alerts.push({
      ...common,
      key: alertKeys.pnl(order.lockId),
      type: 'pnl',
      rule: below ? 'pnl_low' : 'pnl_high',
      // A loss beyond the usual is money gone; an unusual gain is worth a look (a mispriced quote).
      severity: below ? 'critical' : 'warning',
      weight: Math.abs(order.pnl),
      details: {
        ...orderFacts,
        ...sample,
        metric: thresholds.metric,
        value,
        low,
        high,
        percentileLow: thresholds.percentileLow,
        percentileHigh: thresholds.percentileHigh,
      },
    });
  }
  if (thresholds.lagHigh !== null && order.lagSeconds > thresholds.lagHigh) {
    alerts.push({
      ...common,
      key: alertKeys.lag(order.lockId),
      type: 'lag',
      rule: 'lag_high',
      severity: 'warning',
      // Seconds of exposure times the size exposed: a late hedge of a big lock matters more.
      weight: order.lagSeconds * order.notional,
      details: { ...orderFacts, ...sample, value: order.lagSeconds, high: thresholds.lagHigh, percentile: thresholds.lagPercentile },
    });
  }
  return alerts;
}
