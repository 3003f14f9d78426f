// Observes the bot's own trouble once per cycle and turns changes into system alerts.
import type { AlertCycleRepository } from '../../adapters/db/alert-cycle-repository.js';
import type { AlertDeliveryRepository } from '../../adapters/db/alert-delivery-repository.js';
import type { Services } from '../../bot/services.js';
import { healthyState, observeCondition, SYSTEM_CONDITIONS, type SystemCondition } from '../../domain/alerts/system-health.js';
import type { NewAlert } from '../../domain/alerts/types.js';

/** Reminders while a condition lasts: at most one an hour per condition. */
export const SYSTEM_REPEAT_MS = 3_600_000;
/** A conversation is "failing" once a batch failed this many times in a row. */
const PUSH_FAILURES = 2;

export async function sourceProblem(services: Pick<Services, 'sourceDb'>): Promise<string | null> {
  try {
    await services.sourceDb.query('SELECT 1 FROM otc_lock_orders LIMIT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  }
}

export async function systemAlerts(
  cycles: AlertCycleRepository,
  deliveries: AlertDeliveryRepository,
  facts: { sourceProblem: string | null; consecutiveFailures: number; lastError: string | null },
  now: Date,
): Promise<NewAlert[]> {
  const failing = await deliveries.failingBatches(PUSH_FAILURES);
  const observations: Record<SystemCondition, { failing: boolean; detail?: string }> = {
    source_db: { failing: facts.sourceProblem !== null, detail: facts.sourceProblem ?? undefined },
    cycle_failing: { failing: facts.consecutiveFailures >= 2, detail: facts.lastError ?? undefined },
    push_failing: {
      failing: failing.length > 0,
      detail: failing.length > 0 ? `${failing.map((f) => f.conversationId).join(', ')}: ${failing[0].lastError ?? ''}` : undefined,
    },
  };
  const states = await cycles.conditions();
  const alerts: NewAlert[] = [];
  for (const condition of SYSTEM_CONDITIONS) {
    const before = states.get(condition) ?? healthyState(condition);
    const { state, alert } = observeCondition(before, observations[condition], now, SYSTEM_REPEAT_MS);
    if (state !== before) await cycles.saveCondition(state);
    if (alert) alerts.push(alert);
  }
  return alerts;
}
