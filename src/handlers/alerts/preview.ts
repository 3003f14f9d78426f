// `/alerts test` preview: what the rules find among the orders of a recent window, shown to the asker
// only. Nothing is written, so old orders still never reach the groups (the first-start rule), yet
// a fresh demo shows its planted anomalies and round trips.
import { createAlertRepository, type StoredAlert } from '../../adapters/db/alert-repository.js';
import type { CycleState } from '../../adapters/db/alert-cycle-repository.js';
import type { CommandContext } from '../../bot/command.js';
import type { ReplyPart } from '../../bot/reply.js';
import { silencing } from '../../domain/alerts/silences.js';
import { detectAlerts } from './detect.js';
import { digestMarkdown } from './digest-message.js';

export async function previewAlerts(ctx: CommandContext, windowMs: number): Promise<{ part: ReplyPart | null; count: number }> {
  const { services } = ctx;
  const now = ctx.clock.now();
  const from = new Date(now.getTime() - windowMs);
  const state: CycleState = {
    originAt: from,
    matchesWatermark: null,
    lastStartedAt: from,
    lastTick: null,
    lastFinishedAt: null,
    lastDurationMs: null,
    lastOk: null,
    lastError: null,
    lastCounts: null,
    consecutiveFailures: 0,
    lastFailurePhase: null,
  };
  const settings = await services.settings.snapshot();
  const [{ alerts }, silences] = await Promise.all([detectAlerts(services, state, settings, now), createAlertRepository(services.db).activeSilences(now)]);
  const shown: StoredAlert[] = alerts
    .filter((alert) => !silencing(silences, alert, now))
    .map((alert, index) => ({
      id: -index - 1,
      key: alert.key,
      type: alert.type,
      rule: alert.rule,
      severity: alert.severity,
      weight: alert.weight,
      coin: alert.coin ?? null,
      clientId: alert.clientId ?? null,
      lockId: alert.lockId ?? null,
      occurredAt: alert.occurredAt,
      createdAt: now,
      details: alert.details,
      silenceId: null,
    }));
  if (shown.length === 0) return { part: null, count: 0 };
  return { part: digestMarkdown(shown, ctx.t, ctx.locale, services.config.timeZone, { recorded: false }), count: shown.length };
}
