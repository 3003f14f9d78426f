// One alert cycle: bring matching up to date, find new alerts, write them once into the outbox,
// observe the bot's own health, deliver, prune what is past the retention. Runs once per tick across
// instances (a session advisory lock while it runs, plus a claimed tick in alert_cycle_state) and
// never overlaps itself. An instance that does not run a tick still observes its own DingTalk stream
// and the venues as its own market calls saw them.
import { ALERT_CYCLE_LOCK_KEY, createAlertCycleRepository } from '../../adapters/db/alert-cycle-repository.js';
import { createAlertDeliveryRepository } from '../../adapters/db/alert-delivery-repository.js';
import { type AlertRepository, createAlertRepository } from '../../adapters/db/alert-repository.js';
import { createAlertRetentionRepository, type PruneResult } from '../../adapters/db/alert-retention-repository.js';
import type { Services } from '../../bot/services.js';
import { silencing } from '../../domain/alerts/silences.js';
import type { AlertType, NewAlert } from '../../domain/alerts/types.js';
import { type DeliveryReport, deliverAlerts } from '../alerts/deliver.js';
import { detectAlerts } from '../alerts/detect.js';
import { cycleEndAlerts, exchangeAlerts, sourceProblem, streamAlerts, systemAlerts } from '../alerts/system-alerts.js';
import { syncMatches } from './match-sync.js';

export interface CycleOutcome {
  ran: boolean;
  /** Why it did not run: another run holds the lock, or another instance already ran this tick. */
  skipped?: 'busy' | 'tick-done';
  ok: boolean;
  error?: string;
  durationMs: number;
  evaluated: number;
  created: Partial<Record<AlertType, number>>;
  delivery: DeliveryReport;
  /** Rows deleted past the `alerts.retention` setting (null when pruning did not run or failed). */
  pruned?: PruneResult | null;
  /** Where the time went: matching sync, detection (rules + outbox), delivery, retention pruning. */
  phases: { syncMs: number; detectMs: number; deliverMs: number; pruneMs: number };
}

const running = new WeakSet<object>();

/** Holds the cycle lock; null when another run (here or in another instance) has it. */
async function acquireLock(services: Pick<Services, 'db' | 'runtime'>): Promise<(() => Promise<void>) | null> {
  if (running.has(services.db)) return null;
  running.add(services.db);
  // PGlite belongs to one process, so the in-process guard is the whole story there (and its single
  // connection must stay free for the cycle's own queries).
  if (services.runtime.databaseMode === 'embedded') return async () => void running.delete(services.db);
  try {
    const client = await services.db.connect();
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS locked', [ALERT_CYCLE_LOCK_KEY]);
    if (!rows[0].locked) {
      client.release();
      running.delete(services.db);
      return null;
    }
    return async () => {
      await client.query('SELECT pg_advisory_unlock($1)', [ALERT_CYCLE_LOCK_KEY]).catch(() => undefined);
      client.release();
      running.delete(services.db);
    };
  } catch (error) {
    running.delete(services.db);
    throw error;
  }
}

const noPhases = () => ({ syncMs: 0, detectMs: 0, deliverMs: 0, pruneMs: 0 });

/** Writes alerts once per key, marked muted where a silence in force covers them; returns the keys inserted. */
async function recordAlerts(alerts: AlertRepository, found: NewAlert[], now: Date): Promise<Set<string>> {
  if (found.length === 0) return new Set();
  const silences = await alerts.activeSilences(now);
  const marked = found.map((alert) => ({ ...alert, silenceId: silencing(silences, alert, now)?.id ?? null }));
  return new Set(await alerts.record(marked, now));
}

/**
 * A tick another instance runs (or ran): this instance still reports its own stream and what its own
 * market calls saw, which nobody else can see. Recorded only; the digest of the next cycle carries it.
 */
async function observeOwnHealth(services: Services): Promise<void> {
  if (!services.runtime.stream && services.runtime.exchangeHealth.size === 0) return;
  try {
    const now = services.clock.now();
    const cycles = createAlertCycleRepository(services.db);
    const found = [...(await streamAlerts(cycles, services.runtime, now)), ...(await exchangeAlerts(cycles, services.runtime.exchangeHealth, now))];
    await recordAlerts(createAlertRepository(services.db), found, now);
  } catch (error) {
    services.logger.warn({ err: error }, 'alert cycle: could not record the stream or exchange state');
  }
}
const idle = (skipped: 'busy' | 'tick-done'): CycleOutcome => ({
  ran: false,
  skipped,
  ok: true,
  durationMs: 0,
  evaluated: 0,
  created: {},
  delivery: { sent: 0, failed: 0, alertsSent: 0 },
  phases: noPhases(),
});

export async function runAlertCycle(services: Services, options: { tick?: Date } = {}): Promise<CycleOutcome> {
  // Busy in this process: that run observes the stream and the venues itself.
  if (running.has(services.db)) return idle('busy');
  const release = await acquireLock(services);
  if (!release) {
    await observeOwnHealth(services);
    return idle('busy');
  }
  try {
    const cycles = createAlertCycleRepository(services.db);
    const alerts = createAlertRepository(services.db);
    const deliveries = createAlertDeliveryRepository(services.db);
    const now = services.clock.now();
    const state = await cycles.ensureState(now);
    if (options.tick && !(await cycles.claimTick(new Date(Math.floor(options.tick.getTime() / 1000) * 1000)))) {
      await observeOwnHealth(services);
      return idle('tick-done');
    }
    await cycles.started(now);
    const started = performance.now();
    const settings = await services.settings.snapshot();
    const outcome: CycleOutcome = { ran: true, ok: true, durationMs: 0, evaluated: 0, created: {}, delivery: { sent: 0, failed: 0, alertsSent: 0 }, phases: noPhases() };
    const since = (mark: number) => Math.round(performance.now() - mark);
    const record = async (found: NewAlert[]) => {
      const inserted = await recordAlerts(alerts, found, now);
      for (const alert of found) if (inserted.has(alert.key)) outcome.created[alert.type] = (outcome.created[alert.type] ?? 0) + 1;
    };

    let failure: unknown = null;
    let failurePhase: 'detect' | 'deliver' | null = null;
    try {
      let mark = performance.now();
      await syncMatches(services);
      outcome.phases.syncMs = since(mark);
      mark = performance.now();
      const detection = await detectAlerts(services, state, settings, now);
      outcome.evaluated = detection.evaluated;
      await record(detection.alerts);
      await cycles.saveWatermark(detection.watermark);
      outcome.phases.detectMs = since(mark);
    } catch (error) {
      failure = error;
      failurePhase = 'detect';
      services.logger.error({ err: error }, 'alert cycle: detection failed');
    }
    try {
      const errorText = failure ? String((failure as Error).message ?? failure) : null;
      // A streak of cycles failing in delivery is not broken by a detection that works: it lasts
      // until a cycle gets through delivery (observed at the end of this one).
      const consecutiveFailures = failure ? state.consecutiveFailures + 1 : state.lastFailurePhase === 'deliver' ? state.consecutiveFailures : 0;
      await record([
        ...(await systemAlerts(
          cycles,
          deliveries,
          { sourceProblem: failure ? await sourceProblem(services) : null, consecutiveFailures, lastError: errorText ?? state.lastError },
          now,
        )),
        ...(await streamAlerts(cycles, services.runtime, now)),
        ...(await exchangeAlerts(cycles, services.runtime.exchangeHealth, now)),
      ]);
      const mark = performance.now();
      // Group messages speak the bot's language setting (people switch their own replies with /lang).
      const locale = settings.string('locale') === 'en' ? 'en' : 'zh-CN';
      outcome.delivery = await deliverAlerts(services, now, { historyWindowMs: settings.number('alerts.history_window'), locale });
      outcome.phases.deliverMs = since(mark);
    } catch (error) {
      failure ??= error;
      failurePhase ??= 'deliver';
      services.logger.error({ err: error }, 'alert cycle: delivery failed');
    }
    // Retention last, and never at the cost of the cycle: a failure here is logged, not an outage.
    try {
      const mark = performance.now();
      outcome.pruned = await createAlertRetentionRepository(services.db).prune(new Date(now.getTime() - settings.number('alerts.retention')));
      outcome.phases.pruneMs = since(mark);
    } catch (error) {
      outcome.pruned = null;
      services.logger.warn({ err: error }, 'alert cycle: pruning failed');
    }

    outcome.durationMs = performance.now() - started;
    outcome.ok = failure === null;
    if (failure) outcome.error = String((failure as Error).message ?? failure);
    const failures = await cycles.finished({
      at: now,
      durationMs: outcome.durationMs,
      ok: outcome.ok,
      error: outcome.error ?? null,
      counts: outcome.created as Record<string, number>,
      failurePhase,
    });
    if (failurePhase === 'deliver' || (outcome.ok && state.lastFailurePhase === 'deliver')) {
      // Recorded now, sent with the next digest that gets through.
      await record(await cycleEndAlerts(cycles, { consecutiveFailures: failures, lastError: outcome.error ?? null }, now)).catch((error: unknown) =>
        services.logger.warn({ err: error }, 'alert cycle: could not record the cycle state'),
      );
    }
    services.runtime.lastAlertCycle = { at: now, durationMs: Math.round(outcome.durationMs), ok: outcome.ok };
    services.metrics.alertCycleFinished(outcome.durationMs / 1000, outcome.ok);
    services.logger.info({ ...outcome }, 'alert cycle finished');
    return outcome;
  } finally {
    await release();
  }
}
