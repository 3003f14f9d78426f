import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { formatDateTime, formatDuration, markdownTable } from '../../bot/format.js';
import { image, markdown, type ReplyPart } from '../../bot/reply.js';
import { createMatchLookupRepository } from '../../adapters/db/match-lookup-repository.js';
import { formatDurationShort } from '../../domain/duration.js';
import { bps, freshMatches, money, percent } from '../pnl/common.js';

export const command = defineCommand({
  name: 'order',
  aliases: ['订单'],
  minRole: 'trader',
  summaryKey: 'order.summary',
  usage: '/order LOCK_ID',
  examples: ['/order L00012345'],
  positional: ['lockId'],
  args: z.object({ lockId: z.string().min(1).max(128) }).strict(),
  async run(ctx, args) {
    await freshMatches(ctx);
    const repo = createMatchLookupRepository(ctx.services.db);
    let match = await repo.byLockId(args.lockId);
    if (!match) {
      // It may have arrived seconds ago, inside the re-sync pause: look once more after a sync.
      await freshMatches(ctx, { force: true });
      match = await repo.byLockId(args.lockId);
    }
    const t = ctx.t;
    if (!match) {
      const similar = await repo.similarLockIds(args.lockId);
      const hint = similar.length > 0 ? t('order.similar', { ids: similar.join(', ') }) : '';
      throw new UserError('order.notFound', { id: args.lockId.slice(0, 40), hint }, { showUsage: false });
    }
    const zone = ctx.services.config.timeZone;
    const q = match.quoteCoin;
    const pair = `${match.baseCoin}/${q}`;
    const rows: (string | number)[][] = [
      [t('order.client'), match.clientId, ''],
      [t('order.side'), match.side, match.side],
      [t('order.pair'), pair, pair],
      [t('order.amount'), match.lockAmount, match.hedgeAmount ?? '-'],
      [t('order.price'), match.lockPrice, match.hedgePrice ?? '-'],
      [t('order.time'), formatDateTime(match.lockedAt, zone), match.hedgeCreatedAt ? formatDateTime(match.hedgeCreatedAt, zone) : '-'],
      [t('order.notional'), money(match.notional, q), ''],
    ];
    const title = t('order.title', { id: match.lockId });
    const lines = [`### ${title}`, ''];
    if (!match.hedgeId) {
      const age = formatDuration(ctx.clock.now().getTime() - match.lockedAt.getTime(), ctx.locale);
      lines.push(markdownTable(['', t('order.lock'), t('order.hedge')], rows.map((r) => [r[0], r[1], r === rows[0] ? t('order.unhedged', { age }) : '-'])));
      return markdown(title, lines.join('\n'));
    }
    rows.push(
      [t('order.hedgeId'), '', match.hedgeId],
      [t('order.method'), '', `${match.method} / ${match.exchange}`],
      [t('order.fee'), '', `${money(match.fee ?? 0, q)} ${q}`],
      [t('order.lag'), '', lagText(match.lagSeconds ?? 0)],
      [t('order.pnl'), '', `${money(match.pnl ?? 0, q)} ${q} (${bps(match.pnlBps)} bps)`],
      [t('order.residual'), '', `${match.residual} ${match.baseCoin}`],
    );
    lines.push(markdownTable(['', t('order.lock'), t('order.hedge')], rows));
    const settings = await ctx.services.settings.snapshot();
    const windowMs = settings.number('alerts.history_window');
    const ranks = await repo.historyRanks(match, windowMs, settings.number('alerts.min_samples'));
    const parts: ReplyPart[] = [];
    if (ranks.n === 0) lines.push('', t('order.noHistory'));
    else {
      lines.push(
        '',
        t('order.ranks', {
          scope: ranks.scope === 'coin' ? t('order.scope.coin', { coin: match.baseCoin }) : t('order.scope.all'),
          window: formatDuration(windowMs, ctx.locale),
          n: ranks.n,
          bps: bps(match.pnlBps),
          bpsRank: percent(ranks.pnlBpsRank),
          p5: bps(ranks.p5Bps),
          p50: bps(ranks.p50Bps),
          p95: bps(ranks.p95Bps),
          lag: lagText(match.lagSeconds ?? 0),
          lagRank: percent(ranks.lagRank),
          p95Lag: lagText(ranks.p95Lag),
        }),
      );
      const history = await repo.historyPnlBps(match, windowMs, ranks.scope);
      // Outliers would squash the histogram into a few bars: show the body inside 3 IQR of the
      // quartiles (Tukey's far fences) and clamp this order into it.
      const sorted = [...history].sort((a, b) => a - b);
      const q1 = sorted[Math.floor(sorted.length * 0.25)];
      const q3 = sorted[Math.floor(sorted.length * 0.75)];
      const low = Math.max(sorted[0], q1 - 3 * (q3 - q1));
      const high = Math.min(sorted[sorted.length - 1], q3 + 3 * (q3 - q1));
      const chartTitle = t('order.chartTitle', { coin: ranks.scope === 'coin' ? match.baseCoin : t('order.scope.all') });
      const png = await ctx.services.charts.histogram({
        title: chartTitle,
        values: sorted.filter((v) => v >= low && v <= high),
        xLabel: 'bps',
        marker: { label: `${match.lockId}: ${bps(match.pnlBps)} bps`, value: Math.min(Math.max(match.pnlBps ?? 0, low), high) },
      });
      parts.push(image(chartTitle, png));
    }
    return [markdown(title, lines.join('\n')), ...parts];
  },
});

/** 4.2 s, 3m05s: lags are short, so seconds get a decimal. */
function lagText(seconds: number): string {
  if (Math.abs(seconds) < 60) return `${seconds.toFixed(1)} s`;
  const sign = seconds < 0 ? '-' : '';
  return sign + formatDurationShort(Math.round(Math.abs(seconds)) * 1000);
}
