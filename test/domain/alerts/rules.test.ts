import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AnomalyThresholds, anomalyAlerts, type MatchedOrder } from '../../../src/domain/alerts/anomaly.js';
import {
  type CommonSlices,
  extrasFor,
  type HistoryPoint,
  orderPercentiles,
  planHistoryBatches,
  slicesToFetch,
  withFallback,
} from '../../../src/domain/alerts/history.js';
import { unhedgedAlerts } from '../../../src/domain/alerts/unhedged.js';

const T0 = Date.parse('2026-11-25T08:00:00Z');
const MIN = 60_000;

function order(overrides: Partial<MatchedOrder> = {}): MatchedOrder {
  return {
    lockId: 'L1',
    clientId: 'C1',
    side: 'buy',
    baseCoin: 'BTC',
    quoteCoin: 'USDT',
    lockedAt: new Date(T0),
    notional: 100_000,
    amount: 1,
    price: 100_000,
    pnl: 10,
    pnlBps: 50,
    lagSeconds: 5,
    ...overrides,
  };
}

// History pnl_bps 0, 10, …, 100 (n = 11): P5 position 0.5 → 5; P95 position 9.5 → 95.
// Lags 1..11: P95 position 9.5 → 10 + 0.5 = 10.5.
const thresholds: AnomalyThresholds = {
  metric: 'pnl_bps',
  metricLow: 5,
  metricHigh: 95,
  lagHigh: 10.5,
  sampleSize: 11,
  scope: 'coin',
  percentileLow: 5,
  percentileHigh: 95,
  lagPercentile: 95,
};

describe('anomaly rule', () => {
  test('exactly at P95 or P5 does not alert; just beyond does', () => {
    assert.deepEqual(anomalyAlerts(order({ pnlBps: 95 }), thresholds), []);
    assert.deepEqual(anomalyAlerts(order({ pnlBps: 5 }), thresholds), []);
    assert.deepEqual(anomalyAlerts(order({ lagSeconds: 10.5 }), thresholds), []);
    const high = anomalyAlerts(order({ pnlBps: 95.01 }), thresholds);
    assert.deepEqual(high.map((a) => [a.key, a.rule, a.severity]), [['pnl:L1', 'pnl_high', 'warning']]);
    const low = anomalyAlerts(order({ pnlBps: 4.99, lagSeconds: 10.6 }), thresholds);
    assert.deepEqual(low.map((a) => [a.key, a.rule]), [['pnl:L1', 'pnl_low'], ['lag:L1', 'lag_high']]);
    assert.equal(low[0].details.sampleSize, 11);
    assert.equal(low[0].details.low, 5);
    assert.equal(low[0].details.high, 95);
  });

  test('metric pnl compares absolute pnl instead of bps', () => {
    const byPnl = { ...thresholds, metric: 'pnl' as const, metricLow: -100, metricHigh: 500 };
    assert.deepEqual(anomalyAlerts(order({ pnl: -101, pnlBps: 50 }), byPnl).map((a) => a.rule), ['pnl_low']);
    assert.deepEqual(anomalyAlerts(order({ pnl: 0, pnlBps: -1000 }), byPnl), []);
  });

  test('an empty history has no thresholds and fires nothing', () => {
    const empty = { ...thresholds, metricLow: null, metricHigh: null, lagHigh: null, sampleSize: 0 };
    assert.deepEqual(anomalyAlerts(order({ pnlBps: -9999, lagSeconds: 9999 }), empty), []);
  });
});

describe('history percentiles per order', () => {
  // BTC history: one order per minute before T0, pnl_bps = minute index (0..19), lag = 2 * index.
  const rows: HistoryPoint[] = Array.from({ length: 20 }, (_, i) => ({ lockedAtMs: T0 - (20 - i) * MIN, metric: i, lag: 2 * i }));
  const fractions = { low: 0.05, high: 0.95, lag: 0.95 };
  const window = 10 * MIN;

  function evaluate(times: number[]) {
    const [batch] = planHistoryBatches(times, window, 60 * MIN);
    const { plan } = batch;
    const common = rows.filter((r) => r.lockedAtMs >= plan.commonFromMs && r.lockedAtMs < plan.commonToMs);
    const extras = rows.filter((r) => (r.lockedAtMs >= plan.extraFromMs && r.lockedAtMs < plan.commonFromMs) || (r.lockedAtMs >= plan.commonToMs && r.lockedAtMs < plan.extraToMs));
    const metrics = common.map((r) => r.metric).sort((a, b) => a - b);
    const lags = common.map((r) => r.lag).sort((a, b) => a - b);
    const bounds = slicesToFetch(common.length, extras.length, fractions);
    const slice = (values: number[], b: { offset: number; limit: number }) => ({ count: values.length, offset: b.offset, values: values.slice(b.offset, b.offset + b.limit) });
    const slices: CommonSlices = {
      count: common.length,
      metricLow: slice(metrics, bounds.metricLow),
      metricHigh: slice(metrics, bounds.metricHigh),
      lagHigh: slice(lags, bounds.lagHigh),
    };
    return times.map((t) => orderPercentiles(slices, extrasFor(extras, t, window), fractions));
  }

  test('each order sees exactly the 10 minutes before it (hand-computed)', () => {
    // Order at T0: history minutes 10..19 → metrics 10..19; P5 pos 0.45 → 10.45; P95 pos 8.55 → 18.55;
    // lags 20..38 step 2: P95 → 36 + 0.55 * 2 = 37.1.
    // Order at T0 - 5 min: history indices 5..14 → P5 5.45, P95 13.55, lag P95 27.1.
    const [atT0, earlier] = evaluate([T0, T0 - 5 * MIN]);
    assert.equal(atT0.sampleSize, 10);
    assert.ok(Math.abs((atT0.metricLow as number) - 10.45) < 1e-9);
    assert.ok(Math.abs((atT0.metricHigh as number) - 18.55) < 1e-9);
    assert.ok(Math.abs((atT0.lagHigh as number) - 37.1) < 1e-9);
    assert.equal(earlier.sampleSize, 10);
    assert.ok(Math.abs((earlier.metricLow as number) - 5.45) < 1e-9);
    assert.ok(Math.abs((earlier.metricHigh as number) - 13.55) < 1e-9);
    assert.ok(Math.abs((earlier.lagHigh as number) - 27.1) < 1e-9);
  });

  test('batches stay narrower than the window so a common range exists', () => {
    const batches = planHistoryBatches([T0, T0 + 30 * MIN, T0 + 5 * MIN], window, 60 * MIN);
    assert.deepEqual(batches.map((b) => b.members), [[0, 2], [1]]);
    for (const { plan } of batches) assert.ok(plan.commonFromMs <= plan.commonToMs);
  });

  test('falls back to all coins under min_samples', () => {
    const coin = { sampleSize: 29, metricLow: 1, metricHigh: 2, lagHigh: 3 };
    const all = { sampleSize: 500, metricLow: -5, metricHigh: 5, lagHigh: 60 };
    assert.deepEqual(withFallback(coin, () => all, 30), { ...all, scope: 'all' });
    assert.deepEqual(withFallback({ ...coin, sampleSize: 30 }, () => all, 30), { ...coin, sampleSize: 30, scope: 'coin' });
  });
});

describe('unhedged rule', () => {
  const lock = { lockId: 'L9', clientId: 'C1', side: 'sell', baseCoin: 'ETH', quoteCoin: 'USDT', amount: 10, price: 3000, notional: 30_000, lockedAt: new Date(T0) };
  test('fires only after unhedged_after has passed (exactly at the limit: not yet)', () => {
    assert.deepEqual(unhedgedAlerts([lock], new Date(T0 + 10 * MIN), 10 * MIN), []);
    const [alert] = unhedgedAlerts([lock], new Date(T0 + 10 * MIN + 1000), 10 * MIN);
    assert.equal(alert.key, 'unhedged:L9');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.details.openSeconds, 601);
  });
});
