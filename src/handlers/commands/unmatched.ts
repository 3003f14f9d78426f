import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { formatDateTime, formatDuration, markdownTable } from '../../bot/format.js';
import { markdown } from '../../bot/reply.js';
import { createMatchLookupRepository } from '../../adapters/db/match-lookup-repository.js';
import { freshMatches, money, periodOf, periodText } from '../pnl/common.js';

const LIMIT = 20;

export const command = defineCommand({
  name: 'unmatched',
  aliases: ['未匹配'],
  minRole: 'trader',
  summaryKey: 'unmatched.summary',
  usage: '/unmatched [today|yesterday|7d|30d|mtd|ytd|2026-11-01..2026-11-20]',
  examples: ['/unmatched', '/unmatched today', '/unmatched 30d'],
  positional: ['period'],
  args: z.object({ period: z.string().default('7d') }).strict(),
  async run(ctx, args) {
    const period = periodOf(ctx, args.period);
    await freshMatches(ctx);
    const repo = createMatchLookupRepository(ctx.services.db);
    const [locks, hedges] = await Promise.all([repo.unmatchedLocks(period.from, period.to, LIMIT), repo.unmatchedHedges(period.from, period.to, LIMIT)]);
    const t = ctx.t;
    const zone = ctx.services.config.timeZone;
    const now = ctx.clock.now().getTime();
    const title = t('unmatched.title', { label: period.label, range: periodText(ctx, period) });
    const lines = [`### ${title}`, '', `**${t('unmatched.locks', { total: locks.total })}**`, ''];
    if (locks.total === 0) lines.push(t('unmatched.noneLocks'));
    else {
      const rows = locks.rows.map((l) => [
        l.lockId, formatDateTime(l.lockedAt, zone), formatDuration(now - l.lockedAt.getTime(), ctx.locale), l.clientId, l.side,
        `${l.baseCoin}/${l.quoteCoin}`, l.lockAmount, money(l.notional, l.quoteCoin),
      ]);
      lines.push(markdownTable(t('unmatched.lockColumns').split('|'), rows, ['l', 'l', 'r', 'l', 'l', 'l', 'r', 'r']));
      if (locks.total > locks.rows.length) lines.push('', t('unmatched.more', { n: locks.total - locks.rows.length }));
    }
    lines.push('', `**${t('unmatched.hedges', { total: hedges.total })}**`, '');
    if (hedges.total === 0) lines.push(t('unmatched.noneHedges'));
    else {
      const rows = hedges.rows.map((h) => [
        h.hedgeId, formatDateTime(h.hedgeCreatedAt, zone), h.clientId, h.side, `${h.baseCoin}/${h.quoteCoin}`, h.hedgeAmount, h.method, h.exchange,
      ]);
      lines.push(markdownTable(t('unmatched.hedgeColumns').split('|'), rows, ['l', 'l', 'l', 'l', 'l', 'r', 'l', 'l']));
      if (hedges.total > hedges.rows.length) lines.push('', t('unmatched.more', { n: hedges.total - hedges.rows.length }));
    }
    return markdown(title, lines.join('\n'));
  },
});
