// Pushes undelivered alerts: per conversation, unsent batches first (same key, same alerts), then one
// new digest of whatever is pending. See alert-delivery-repository.ts for the crash-safety discipline.
import { createAlertDeliveryRepository, type Batch } from '../../adapters/db/alert-delivery-repository.js';
import { createAlertHistoryRepository } from '../../adapters/db/alert-history-repository.js';
import { createAlertRepository, type StoredAlert } from '../../adapters/db/alert-repository.js';
import { translator } from '../../bot/i18n.js';
import { image, type ReplyPart } from '../../bot/reply.js';
import type { Services } from '../../bot/services.js';
import type { Locale } from '../../config.js';
import { silencing } from '../../domain/alerts/silences.js';
import { chartSubject, digestMarkdown } from './digest-message.js';

export interface DeliveryReport {
  /** Messages pushed and failed; alerts they carried. */
  sent: number;
  failed: number;
  alertsSent: number;
}

type DeliveryServices = Pick<Services, 'db' | 'sourceDb' | 'push' | 'charts' | 'config' | 'logger' | 'metrics' | 'runtime'>;

// Each worker may hold two connections (the batch row and the sender's own lookups); pools have 10.
const CONCURRENCY = 3;
const CHART_HISTORY_ROWS = 2000;

/** Retry after 30 s, 1 min, 2 min … at most 10 min (DingTalk 429s want a pause, not a hammer). */
export const retryDelayMs = (attempts: number) => Math.min(600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

export async function deliverAlerts(services: DeliveryServices, now: Date, options: { historyWindowMs: number; locale: Locale }): Promise<DeliveryReport> {
  const repo = createAlertDeliveryRepository(services.db);
  const history = createAlertHistoryRepository(services.db, services.sourceDb);
  const t = translator(options.locale);
  const charts = new Map<string, Promise<Buffer | null>>();
  const report: DeliveryReport = { sent: 0, failed: 0, alertsSent: 0 };

  async function chartFor(alert: StoredAlert): Promise<Buffer | null> {
    const lockedAt = alert.occurredAt.getTime();
    const column = alert.type === 'lag' ? 'lag' : 'metric';
    const metric = alert.details.metric === 'pnl' ? 'pnl' : 'pnl_bps';
    const values = await history.recentValues(alert.coin ?? '', column, metric, new Date(lockedAt - options.historyWindowMs), alert.occurredAt, CHART_HISTORY_ROWS);
    if (values.length === 0) return null;
    const label = column === 'lag' ? 'lag_seconds' : metric;
    return services.charts.histogram({
      title: t('alerts.chart.title', { coin: alert.coin ?? '', metric: label, n: values.length }),
      values,
      xLabel: label,
      marker: { label: t('alerts.chart.marker', { lock: alert.lockId ?? '' }), value: Number(alert.details.value) },
    });
  }

  async function parts(batch: Batch): Promise<ReplyPart[]> {
    const result = [digestMarkdown(batch.alerts, t, options.locale, services.config.timeZone)];
    const subject = chartSubject(batch.alerts);
    if (subject) {
      if (!charts.has(subject.key)) charts.set(subject.key, chartFor(subject));
      // A chart is a nicety: a failure to draw it must not hold back the alert text.
      const png = await (charts.get(subject.key) as Promise<Buffer | null>).catch((error: unknown) => {
        services.logger.warn({ err: error, alert: subject.key }, 'alert chart failed; sending the digest without it');
        return null;
      });
      if (png) result.push(image(t('alerts.digest.title', { count: batch.alerts.length }), png));
    }
    return result;
  }

  async function send(batch: Batch): Promise<boolean> {
    const message = await parts(batch);
    const outcome = await repo.sendBatch(batch, now, () => services.push.push(batch.conversationId, message, { idempotencyKey: batch.key }), retryDelayMs, {
      lockWhileSending: services.runtime.databaseMode !== 'embedded',
    });
    if (outcome === 'sent') {
      report.sent += 1;
      report.alertsSent += batch.alerts.length;
      services.metrics.alertsSent(batch.alerts.length, 'sent');
    } else if (outcome === 'failed') {
      report.failed += 1;
      services.metrics.alertsSent(batch.alerts.length, 'failed');
      services.logger.warn({ conversationId: batch.conversationId, batch: batch.key, attempts: batch.attempts + 1 }, 'alert push failed; will retry');
    }
    return outcome === 'sent';
  }

  async function deliverTo(conversationId: string): Promise<void> {
    const due = await repo.dueBatches(conversationId, now);
    for (const batch of due) await send(batch);
    // New alerts wait behind an unsent batch, so a failing conversation gets one message per cycle;
    // and a cycle that (re)sent an earlier digest leaves new alerts to the next one: one digest per
    // conversation per cycle, even when the retry succeeds.
    if (due.length > 0 || (await repo.hasUnsentBatch(conversationId))) return;
    const batch = await repo.formBatch(conversationId, now);
    if (batch) await send(batch);
  }

  const silences = await createAlertRepository(services.db).activeSilences(now);
  if (silences.length > 0) {
    for (const alert of await repo.pendingAlerts()) {
      const silence = silencing(silences, alert, now);
      if (silence) await repo.mutePending(alert.id, silence.id);
    }
  }

  const queue = await repo.conversationsWithWork(now);
  const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await deliverTo(next);
  });
  await Promise.all(workers);
  return report;
}
