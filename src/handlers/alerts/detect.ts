// Finds this cycle's alerts: anomalies of newly matched orders, locks unhedged too long (still open,
// or hedged only after the limit), and client round trips. Each rule is pure (src/domain/alerts);
// this file decides which rows each rule sees.
import { createAlertHistoryRepository } from '../../adapters/db/alert-history-repository.js';
import type { CycleState } from '../../adapters/db/alert-cycle-repository.js';
import type { SettingsSnapshot } from '../../adapters/db/settings-repository.js';
import type { Services } from '../../bot/services.js';
import { roundTripAlert, roundTripPairs, type RoundTripRule } from '../../domain/alerts/round-trips.js';
import type { NewAlert } from '../../domain/alerts/types.js';
import { unhedgedAlerts } from '../../domain/alerts/unhedged.js';
import { evaluateAnomalies } from './anomaly-evaluation.js';

/** Open locks are looked at this far back: a lock still unhedged after days is old news. */
const OPEN_LOCK_LOOKBACK_MS = 3 * 86_400_000;
/** Round trips: locks that reach the source this late after their lock time are still paired. */
const LATE_ARRIVAL_MS = 3_600_000;

export interface Detection {
  alerts: NewAlert[];
  watermark: Date | null;
  evaluated: number;
}

export async function detectAlerts(services: Pick<Services, 'db' | 'sourceDb'>, state: CycleState, settings: SettingsSnapshot, now: Date): Promise<Detection> {
  const history = createAlertHistoryRepository(services.db, services.sourceDb);
  const unhedgedAfter = settings.number('alerts.unhedged_after');

  const { orders, maxUpdatedAt } = await history.newlyMatched(state.originAt, state.matchesWatermark);
  const anomalies = await evaluateAnomalies(history, orders, {
    metric: settings.string('alerts.metric') === 'pnl' ? 'pnl' : 'pnl_bps',
    percentileLow: settings.number('alerts.percentile_low'),
    percentileHigh: settings.number('alerts.percentile_high'),
    lagPercentile: settings.number('alerts.lag_percentile'),
    minSamples: settings.number('alerts.min_samples'),
    windowMs: settings.number('alerts.history_window'),
  });

  // A hedge that came after the limit: the lock was unhedged then, whenever this cycle happens to run.
  const lateHedged = orders.flatMap((order) =>
    unhedgedAlerts(
      [order],
      new Date(order.lockedAt.getTime() + order.lagSeconds * 1000),
      unhedgedAfter,
    ),
  );
  const openFrom = new Date(Math.max(state.originAt.getTime(), now.getTime() - OPEN_LOCK_LOOKBACK_MS));
  const stillOpen = unhedgedAlerts(await history.openLocks(openFrom, new Date(now.getTime() - unhedgedAfter)), now, unhedgedAfter);

  const rule: RoundTripRule = {
    windowMs: settings.number('alerts.roundtrip_window'),
    amountTolerance: settings.number('alerts.roundtrip_amount_tolerance'),
    scope: settings.string('alerts.roundtrip_scope') === 'any' ? 'any' : 'client',
  };
  // Pairs whose later lock is before the origin are history; a pair is reported once by its key.
  const since = Math.max(state.originAt.getTime(), (state.lastStartedAt ?? state.originAt).getTime() - LATE_ARRIVAL_MS) - rule.windowMs;
  const locks = await history.sourceLocks(new Date(since), now);
  const roundTrips = roundTripPairs(locks, rule)
    .filter((pair) => Math.max(pair.buy.lockedAt.getTime(), pair.sell.lockedAt.getTime()) >= state.originAt.getTime())
    .map((pair) => roundTripAlert(pair, rule));

  return { alerts: [...anomalies, ...lateHedged, ...stillOpen, ...roundTrips], watermark: maxUpdatedAt, evaluated: orders.length };
}
