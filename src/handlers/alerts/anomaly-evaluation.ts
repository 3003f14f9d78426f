// Percentile thresholds for a cycle's newly matched orders: per coin, falling back to all coins
// under min_samples, read as rank slices so the cost depends on the window, not the whole table.
import type { AlertHistoryRepository, HistoryMetric, HistoryScope } from '../../adapters/db/alert-history-repository.js';
import { type AnomalyThresholds, anomalyAlerts, type MatchedOrder } from '../../domain/alerts/anomaly.js';
import {
  type CommonSlices,
  extrasFor,
  type Fractions,
  type HistoryPoint,
  type HistoryPlan,
  orderPercentiles,
  planHistoryBatches,
  slicesToFetch,
  withFallback,
} from '../../domain/alerts/history.js';
import type { NewAlert } from '../../domain/alerts/types.js';

export interface AnomalySettings {
  metric: HistoryMetric;
  percentileLow: number;
  percentileHigh: number;
  lagPercentile: number;
  minSamples: number;
  windowMs: number;
}

/** Orders of one batch lie within this span, so each order's own extra rows stay few. */
const MAX_BATCH_SPAN_MS = 3_600_000;

interface LoadedRange {
  slices: CommonSlices;
  extras: HistoryPoint[];
}

async function loadRange(history: AlertHistoryRepository, scope: HistoryScope, plan: HistoryPlan, metric: HistoryMetric, fractions: Fractions): Promise<LoadedRange> {
  const from = new Date(plan.commonFromMs);
  const to = new Date(plan.commonToMs);
  const [count, extras] = await Promise.all([
    history.historyCount(scope, from, to),
    history.historyRows(scope, metric, [
      [new Date(plan.extraFromMs), from],
      [to, new Date(plan.extraToMs)],
    ]),
  ]);
  const bounds = slicesToFetch(count, extras.length, fractions);
  const [metricLow, metricHigh, lagHigh] = await Promise.all([
    history.rankSlice(scope, 'metric', metric, from, to, count, bounds.metricLow.offset, bounds.metricLow.limit),
    history.rankSlice(scope, 'metric', metric, from, to, count, bounds.metricHigh.offset, bounds.metricHigh.limit),
    history.rankSlice(scope, 'lag', metric, from, to, count, bounds.lagHigh.offset, bounds.lagHigh.limit),
  ]);
  return { slices: { count, metricLow, metricHigh, lagHigh }, extras };
}

export async function evaluateAnomalies(history: AlertHistoryRepository, orders: readonly MatchedOrder[], settings: AnomalySettings): Promise<NewAlert[]> {
  const thresholds = await historyThresholds(history, orders, settings);
  return orders.flatMap((order, index) => anomalyAlerts(order, thresholds[index]));
}

/** Each order's thresholds (same order as the input). */
export async function historyThresholds(history: AlertHistoryRepository, orders: readonly MatchedOrder[], settings: AnomalySettings): Promise<AnomalyThresholds[]> {
  const fractions = { low: settings.percentileLow / 100, high: settings.percentileHigh / 100, lag: settings.lagPercentile / 100 };
  const result: AnomalyThresholds[] = new Array(orders.length);
  const byCoin = new Map<string, number[]>();
  for (const [index, order] of orders.entries()) byCoin.set(order.baseCoin, [...(byCoin.get(order.baseCoin) ?? []), index]);

  for (const [coin, coinOrders] of byCoin) {
    const times = coinOrders.map((index) => orders[index].lockedAt.getTime());
    for (const { plan, members } of planHistoryBatches(times, settings.windowMs, MAX_BATCH_SPAN_MS)) {
      const range = await loadRange(history, coin, plan, settings.metric, fractions);
      const own = members.map((index) => orderPercentiles(range.slices, extrasFor(range.extras, times[index], settings.windowMs), fractions));
      // The all-coin history of this batch is read only when some order's coin history is too thin.
      const all = own.some((p) => p.sampleSize < settings.minSamples) ? await loadRange(history, null, plan, settings.metric, fractions) : null;
      members.forEach((index, position) => {
        const percentiles = withFallback(
          own[position],
          () => orderPercentiles((all as LoadedRange).slices, extrasFor((all as LoadedRange).extras, times[index], settings.windowMs), fractions),
          settings.minSamples,
        );
        result[coinOrders[index]] = {
          metric: settings.metric,
          metricLow: percentiles.metricLow,
          metricHigh: percentiles.metricHigh,
          lagHigh: percentiles.lagHigh,
          sampleSize: percentiles.sampleSize,
          scope: percentiles.scope,
          percentileLow: settings.percentileLow,
          percentileHigh: settings.percentileHigh,
          lagPercentile: settings.lagPercentile,
        };
      });
    }
  }
  return result;
}
