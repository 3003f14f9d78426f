// Observes the bot's own trouble and turns changes into system alerts:
// - source_db and cycle_failing: global, observed by whichever instance runs the cycle;
// - push_failing:<conversation>: a conversation whose digests keep failing; the alert goes to the
//   other `system` subscribers, never to the failing conversation itself (it would only queue
//   behind the batch that cannot get through);
// - stream_disconnected:<instance>: observed only by the instance whose DingTalk stream is down, on
//   every tick whether or not it runs the cycle, so a connected instance never "recovers" it;
// - exchange_failing:<venue>: a venue whose market calls in this process (/coin, /liq) keep failing;
//   observed, like the stream, by each instance on every tick from its own record, and recovered
//   only by a success that instance saw after the last line about it.
// (The bot's own database being down cannot be an alert: the outbox lives there. It is logged.)
import { hostname } from 'node:os';
import type { AlertCycleRepository } from '../../adapters/db/alert-cycle-repository.js';
import type { AlertDeliveryRepository } from '../../adapters/db/alert-delivery-repository.js';
import type { Services } from '../../bot/services.js';
import type { RuntimeStatus } from '../../bot/runtime-status.js';
import {
  type ConditionState,
  conditionKey,
  GLOBAL_CONDITIONS,
  healthyState,
  type Observation,
  observeCondition,
  parseConditionKey,
  type SystemCondition,
} from '../../domain/alerts/system-health.js';
import type { NewAlert } from '../../domain/alerts/types.js';
import { type ExchangeHealth, type FailingRule, isVenueFailing } from '../../domain/exchange-health.js';

/** Reminders while a condition lasts: at most one an hour per condition (and subject). */
export const SYSTEM_REPEAT_MS = 3_600_000;
/** A conversation is "failing" once a batch failed this many times in a row. */
const PUSH_FAILURES = 2;
/** A stream down this long is an alert (short drops and reconnects are normal). */
export const STREAM_DOWN_AFTER_MS = 5 * 60_000;

export async function sourceProblem(services: Pick<Services, 'sourceDb'>): Promise<string | null> {
  try {
    await services.sourceDb.query('SELECT 1 FROM otc_lock_orders LIMIT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  }
}

/** Applies observations to the stored states; saves what changed; returns the alerts to record. */
async function observe(cycles: AlertCycleRepository, observations: Map<string, Observation>, now: Date, states?: Map<string, ConditionState>): Promise<NewAlert[]> {
  const stored = states ?? (await cycles.conditions());
  const alerts: NewAlert[] = [];
  for (const [key, observation] of observations) {
    const before = stored.get(key) ?? healthyState(key);
    const { state, alert } = observeCondition(before, observation, now, SYSTEM_REPEAT_MS);
    if (state !== before) await cycles.saveCondition(state);
    if (alert) alerts.push(alert);
  }
  return alerts;
}

const ofKind = (states: Map<string, ConditionState>, condition: SystemCondition) =>
  [...states.values()].filter((state) => state.since !== null && parseConditionKey(state.condition).condition === condition && parseConditionKey(state.condition).subject);

const cycleFailing = (facts: { consecutiveFailures: number; lastError: string | null }): Observation => ({
  failing: facts.consecutiveFailures >= 2,
  detail: facts.lastError ?? undefined,
});

/**
 * cycle_failing once the cycle itself has finished: a cycle that fails in delivery is only known to
 * have failed at its end. The alert is recorded now and goes out with the next digest that gets through.
 */
export async function cycleEndAlerts(cycles: AlertCycleRepository, facts: { consecutiveFailures: number; lastError: string | null }, now: Date): Promise<NewAlert[]> {
  return observe(cycles, new Map([['cycle_failing', cycleFailing(facts)]]), now);
}

export async function systemAlerts(
  cycles: AlertCycleRepository,
  deliveries: AlertDeliveryRepository,
  facts: { sourceProblem: string | null; consecutiveFailures: number; lastError: string | null },
  now: Date,
): Promise<NewAlert[]> {
  const states = await cycles.conditions();
  const observations = new Map<string, Observation>();
  const global: Partial<Record<SystemCondition, Observation>> = {
    source_db: { failing: facts.sourceProblem !== null, detail: facts.sourceProblem ?? undefined },
    cycle_failing: cycleFailing(facts),
  };
  for (const condition of GLOBAL_CONDITIONS) observations.set(condition, global[condition] as Observation);

  // One condition per failing conversation; those no longer failing recover.
  const failing = new Map<string, string | null>();
  for (const batch of await deliveries.failingBatches(PUSH_FAILURES)) if (!failing.has(batch.conversationId)) failing.set(batch.conversationId, batch.lastError);
  for (const [conversationId, lastError] of failing) {
    observations.set(conditionKey('push_failing', conversationId), { failing: true, detail: lastError ?? '', notFor: [conversationId] });
  }
  for (const state of ofKind(states, 'push_failing')) {
    const conversationId = parseConditionKey(state.condition).subject as string;
    if (!failing.has(conversationId)) observations.set(state.condition, { failing: false, notFor: [conversationId] });
  }
  // The one push_failing condition of before per-conversation conditions: closed once nothing fails.
  if (states.get('push_failing')?.since && failing.size === 0) observations.set('push_failing', { failing: false });
  return observe(cycles, observations, now, states);
}

const instanceNames = new WeakMap<RuntimeStatus, string>();
let instances = 0;

/** This process (host:pid; a second bot in the same process, as in tests, gets a suffix). */
export function instanceName(runtime: RuntimeStatus): string {
  let name = instanceNames.get(runtime);
  if (!name) {
    name = `${hostname()}:${process.pid}${instances > 0 ? `#${instances}` : ''}`;
    instances += 1;
    instanceNames.set(runtime, name);
  }
  return name;
}

/**
 * This instance's DingTalk stream: an alert once it has been down `downAfterMs` (since it dropped,
 * or since start when it never connected), a "recovered" line when it is back. Console mode: nothing.
 */
export async function streamAlerts(
  cycles: AlertCycleRepository,
  runtime: RuntimeStatus,
  now: Date,
  downAfterMs = STREAM_DOWN_AFTER_MS,
): Promise<NewAlert[]> {
  const stream = runtime.stream;
  if (!stream) return [];
  const instance = instanceName(runtime);
  const key = conditionKey('stream_disconnected', instance);
  const downSince = stream.connected ? null : (stream.since ?? runtime.startedAt);
  const failing = downSince !== null && now.getTime() - downSince.getTime() >= downAfterMs;
  const states = await cycles.conditions();
  // Connected and never reported: nothing to save or say (the common case on every tick).
  if (!failing && !states.get(key)?.since) return [];
  return observe(
    cycles,
    new Map([[key, { failing, startedAt: downSince ?? undefined, detail: `reconnects=${stream.reconnects}` }]]),
    now,
    states,
  );
}

/**
 * A venue is failing once its calls here failed for 10 minutes with no success in between, at least
 * 3 of them: venues are only called on demand, and one /coin makes two calls per venue (spot and
 * perp), so this takes failures seen on separate occasions, not one blip or one impatient retry.
 */
export const EXCHANGE_FAILING: FailingRule = { spanMs: 10 * 60_000, minFailures: 3 };

/**
 * This instance's view of the venues: an alert per venue that is failing (its since: the first
 * failure of the streak; its detail: the count and the last reason), a reminder at most every
 * SYSTEM_REPEAT_MS and only when calls failed again since the last line (otherwise there is nothing
 * new to say: nobody asked the venue), and "recovered" after a success later than that last line.
 * Venues this instance has no record of are left alone.
 */
export async function exchangeAlerts(cycles: AlertCycleRepository, health: ExchangeHealth, now: Date, rule: FailingRule = EXCHANGE_FAILING): Promise<NewAlert[]> {
  if (health.size === 0) return [];
  const states = await cycles.conditions();
  const observations = new Map<string, Observation>();
  for (const [venue, record] of health) {
    const key = conditionKey('exchange_failing', venue);
    const state = states.get(key);
    // The last line about it (raised or reminded); null while it is not raised.
    const lastLine = state?.since ? (state.lastNotifiedAt ?? state.since) : null;
    if (isVenueFailing(record, rule)) {
      if (!lastLine || (record.lastFailureAt as Date) > lastLine) {
        observations.set(key, {
          failing: true,
          startedAt: record.failingSince ?? undefined,
          detail: `failures=${record.failures}, last: ${record.lastReason ?? '-'}`,
        });
      }
    } else if (lastLine && record.lastSuccessAt && record.lastSuccessAt > lastLine) {
      // Only a success after the last line: with several instances, an older success of another
      // one does not close what this one still sees failing.
      observations.set(key, { failing: false });
    }
  }
  if (observations.size === 0) return [];
  return observe(cycles, observations, now, states);
}
