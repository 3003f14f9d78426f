// One alert cycle: bring matching up to date, find new alerts, write them once into the outbox,
// observe the bot's own health, deliver. Runs once per tick across instances (a session advisory
// lock while it runs, plus a claimed tick in alert_cycle_state) and never overlaps itself.
import { ALERT_CYCLE_LOCK_KEY, createAlertCycleRepository } from '../../adapters/db/alert-cycle-repository.js';
import { createAlertDeliveryRepository } from '../../adapters/db/alert-delivery-repository.js';
import { createAlertRepository } from '../../adapters/db/alert-repository.js';
import type { Services } from '../../bot/services.js';
import { silencing } from '../../domain/alerts/silences.js';
import type { AlertType, NewAlert } from '../../domain/alerts/types.js';
import { type DeliveryReport, deliverAlerts } from '../alerts/deliver.js';
import { detectAlerts } from '../alerts/detect.js';
import { sourceProblem, systemAlerts } from '../alerts/system-alerts.js';
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
  /** Where the time went: matching sync, detection (rules + outbox), delivery. */
  phases: { syncMs: number; detectMs: number; deliverMs: number };
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

const noPhases = () => ({ syncMs: 0, detectMs: 0, deliverMs: 0 });
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
  const release = await acquireLock(services);
  if (!release) return idle('busy');
  try {
    const cycles = createAlertCycleRepository(services.db);
    const alerts = createAlertRepository(services.db);
    const deliveries = createAlertDeliveryRepository(services.db);
    const now = services.clock.now();
    const state = await cycles.ensureState(now);
    if (options.tick && !(await cycles.claimTick(new Date(Math.floor(options.tick.getTime() / 1000) * 1000)))) return idle('tick-done');
    await cycles.started(now);
    const started = performance.now();
    const settings = await services.settings.snapshot();
    const outcome: CycleOutcome = { ran: true, ok: true, durationMs: 0, evaluated: 0, created: {}, delivery: { sent: 0, failed: 0, alertsSent: 0 }, phases: noPhases() };
    const since = (mark: number) => Math.round(performance.now() - mark);
    const record = async (found: NewAlert[]) => {
      const silences = await alerts.activeSilences(now);
      const marked = found.map((alert) => ({ ...alert, silenceId: silencing(silences, alert, now)?.id ?? null }));
      const inserted = new Set(await alerts.record(marked, now));
      for (const alert of found) if (inserted.has(alert.key)) outcome.created[alert.type] = (outcome.created[alert.type] ?? 0) + 1;
    };

    let failure: unknown = null;
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
      services.logger.error({ err: error }, 'alert cycle: detection failed');
    }
    try {
      const errorText = failure ? String((failure as Error).message ?? failure) : null;
      await record(
        await systemAlerts(
          cycles,
          deliveries,
          { sourceProblem: failure ? await sourceProblem(services) : null, consecutiveFailures: failure ? state.consecutiveFailures + 1 : 0, lastError: errorText },
          now,
        ),
      );
      const mark = performance.now();
      // Group messages speak the bot's language setting (people switch their own replies with /lang).
      const locale = settings.string('locale') === 'en' ? 'en' : 'zh-CN';
      outcome.delivery = await deliverAlerts(services, now, { historyWindowMs: settings.number('alerts.history_window'), locale });
      outcome.phases.deliverMs = since(mark);
    } catch (error) {
      failure ??= error;
      services.logger.error({ err: error }, 'alert cycle: delivery failed');
    }

    outcome.durationMs = performance.now() - started;
    outcome.ok = failure === null;
    if (failure) outcome.error = String((failure as Error).message ?? failure);
    await cycles.finished({ at: now, durationMs: outcome.durationMs, ok: outcome.ok, error: outcome.error ?? null, counts: outcome.created as Record<string, number> });
    services.runtime.lastAlertCycle = { at: now, durationMs: Math.round(outcome.durationMs), ok: outcome.ok };
    services.metrics.alertCycleFinished(outcome.durationMs / 1000, outcome.ok);
    services.logger.info({ ...outcome }, 'alert cycle finished');
    return outcome;
  } finally {
    await release();
  }
}
