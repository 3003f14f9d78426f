// /alerts status: last cycle, next run, subscriptions here, silences in force, thresholds in use.
import { createAlertCycleRepository } from '../../adapters/db/alert-cycle-repository.js';
import { createAlertRepository } from '../../adapters/db/alert-repository.js';
import type { CommandContext } from '../../bot/command.js';
import { formatDateTime, markdownTable } from '../../bot/format.js';
import { markdown, type ReplyPart } from '../../bot/reply.js';
import { describeMatcher } from '../../domain/alerts/silences.js';
import { formatSettingValue, SETTINGS } from '../../domain/settings.js';
import { describeTypes } from './subscriptions.js';

export async function alertStatus(ctx: CommandContext): Promise<ReplyPart> {
  const { services, t } = ctx;
  const zone = services.config.timeZone;
  const when = (at: Date | null | undefined) => (at ? formatDateTime(at, zone) : '-');
  const alerts = createAlertRepository(services.db);
  const [state, subscriptions, silences, settings] = await Promise.all([
    createAlertCycleRepository(services.db).state(),
    alerts.subscriptions(ctx.conversation.id),
    alerts.activeSilences(ctx.clock.now()),
    services.settings.snapshot(),
  ]);
  const counts = Object.entries(state?.lastCounts ?? {})
    .map(([type, n]) => `${t(`alerts.type.${type}`)} ${n}`)
    .join('、');
  const rows: string[][] = [
    [t('alerts.status.lastCycle'), state?.lastFinishedAt ? when(state.lastFinishedAt) : t('alerts.status.never')],
    [t('alerts.status.duration'), state?.lastDurationMs != null ? `${state.lastDurationMs} ms` : '-'],
    [t('alerts.status.outcome'), state?.lastOk == null ? '-' : state.lastOk ? t('alerts.status.ok') : t('alerts.status.failed', { error: (state.lastError ?? '').slice(0, 120) })],
    [t('alerts.status.counts'), counts || '0'],
    [t('alerts.status.schedule'), `${settings.string('alerts.cron')} (${zone})`],
    [t('alerts.status.nextRun'), when(services.alertSchedule?.nextRun())],
    [t('alerts.status.origin'), when(state?.originAt)],
    [t('alerts.status.subscriptions'), describeTypes(ctx, subscriptions)],
  ];
  const lines = [`### ${t('alerts.status.title')}`, '', markdownTable(['', ''], rows), '', `**${t('alerts.status.silences')}**`, ''];
  if (silences.length === 0) lines.push(t('alerts.none'));
  for (const s of silences) lines.push(`- #${s.id} ${describeMatcher(s.matcher)} → ${when(s.endsAt)} · ${s.createdNick ?? s.createdBy}: ${s.reason}`);
  const settingRows = SETTINGS.filter((d) => d.key.startsWith('alerts.')).map((d) => [d.key, formatSettingValue(d, settings.entries.get(d.key)?.value ?? d.defaultValue({ alertCron: '', exchanges: [], locale: 'zh-CN' }))]);
  lines.push('', `**${t('alerts.status.settings')}**`, '', markdownTable(['', ''], settingRows));
  return markdown(t('alerts.status.title'), lines.join('\n'));
}
