// /alerts history [n]: the latest alerts, whether shown in a digest or not, and where they went.
// In a conversation that subscribes to alerts, its own alerts (so the `/alerts history N` a digest
// names lists everything that digest did not show in full, whatever other groups received since);
// elsewhere (a risk officer's 1:1 chat), all alerts.
import { createAlertRepository } from '../../adapters/db/alert-repository.js';
import type { CommandContext } from '../../bot/command.js';
import { formatDateTime, markdownTable } from '../../bot/format.js';
import { markdown, type ReplyPart, text } from '../../bot/reply.js';

export async function alertHistory(ctx: CommandContext, limit: number): Promise<ReplyPart> {
  const { t, services } = ctx;
  const alerts = createAlertRepository(services.db);
  const here = (await alerts.subscriptions(ctx.conversation.id)).length > 0;
  const rows = await alerts.history(limit, here ? ctx.conversation.id : null);
  if (rows.length === 0) return text(t(here ? 'alerts.history.emptyHere' : 'alerts.history.empty'));
  const delivery = (row: (typeof rows)[number]) => {
    const parts: string[] = [];
    if (row.sent > 0) parts.push(t('alerts.history.sent', { n: row.sent }));
    if (row.silenceId !== null || row.muted > 0) parts.push(`${t('alerts.history.muted')} #${row.silenceId}`);
    if (row.waiting > 0) parts.push(t('alerts.history.waiting', { n: row.waiting }));
    return parts.join(' ') || t('alerts.history.noSubscribers');
  };
  const table = markdownTable(
    t('alerts.history.columns').split('|'),
    rows.map((row) => [formatDateTime(row.createdAt, services.config.timeZone), row.rule, row.key, row.coin ?? '-', row.clientId ?? '-', delivery(row)]),
  );
  const title = t(here ? 'alerts.history.titleHere' : 'alerts.history.title', { n: rows.length });
  return markdown(title, `### ${title}\n\n${table}`);
}
