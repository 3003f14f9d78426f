// Runs the alert cycle on the `alerts.cron` setting (node-cron, in the configured time zone) and
// reschedules when that setting changes. noOverlap keeps a slow cycle from stacking in-process; the
// cycle's own lock and tick claim do the same across instances.
import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../../bot/services.js';
import { runAlertCycle } from './alert-cycle.js';

export interface AlertScheduler {
  cron(): string;
  nextRun(): Date | null;
  stop(): Promise<void>;
}

export async function startAlertScheduler(services: Services): Promise<AlertScheduler> {
  let expression = '';
  let task: ScheduledTask | null = null;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();

  const tick = (at: Date) => {
    inFlight = runAlertCycle(services, { tick: at }).then(
      () => undefined,
      // The cycle records its own failures; this is a failure to even record (e.g. the bot's database down).
      (error: unknown) => services.logger.error({ err: error }, 'alert cycle could not run'),
    );
    return inFlight;
  };

  async function schedule(): Promise<void> {
    const next = (await services.settings.snapshot()).string('alerts.cron');
    if (stopped || (task && next === expression)) return;
    await task?.destroy();
    expression = next;
    task = cron.schedule(expression, (context) => tick(context.date), {
      name: 'alert-cycle',
      timezone: services.config.timeZone,
      noOverlap: true,
      // A process that is only running jobs must still be able to exit on SIGTERM.
      unref: true,
    });
    services.logger.info({ cron: expression, timeZone: services.config.timeZone, next: task.getNextRun() }, 'alert cycle scheduled');
  }

  await schedule();
  const unsubscribe = services.settingsChanges.subscribe((keys) => {
    if (!keys.includes('alerts.cron')) return;
    schedule().catch((error: unknown) => services.logger.error({ err: error }, 'alert cycle reschedule failed'));
  });

  return {
    cron: () => expression,
    nextRun: () => task?.getNextRun() ?? null,
    async stop() {
      stopped = true;
      unsubscribe();
      await task?.destroy();
      task = null;
      // Let a running cycle finish before the pools it uses are closed.
      await inFlight;
    },
  };
}
