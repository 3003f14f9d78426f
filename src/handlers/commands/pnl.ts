import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { markdownTable } from '../../bot/format.js';
import { image, markdown, type ReplyPart } from '../../bot/reply.js';
import { createPnlRepository, type PnlRow } from '../../adapters/db/pnl-repository.js';
import { bps, checkedFilters, coverageNote, emptyPeriodError, freshMatches, money, percent, periodOf, periodText } from '../pnl/common.js';

const TOP = 15;
const BOTTOM = 10;
const MAX_DAYS = 31;

export const command = defineCommand({
  name: 'pnl',
  aliases: ['盈亏'],
  minRole: 'trader',
  summaryKey: 'pnl.summary',
  usage: '/pnl [today|yesterday|7d|30d|mtd|ytd|2026-11-01..2026-11-20] [by=day|coin|client|method|exchange] [coin=] [client=] [method=]',
  examples: ['/pnl', '/pnl 30d by=coin', '/pnl mtd by=method coin=BTC', '/pnl 2026-11-01..2026-11-20 by=client'],
  positional: ['period'],
  args: z
    .object({
      period: z.string().default('7d'),
      by: z.enum(['day', 'coin', 'client', 'method', 'exchange']).default('day'),
      coin: z.string().min(1).max(20).optional(),
      client: z.string().min(1).max(64).optional(),
      method: z.string().min(1).max(32).optional(),
    })
    .strict(),
  async run(ctx, args) {
    const period = periodOf(ctx, args.period);
    await freshMatches(ctx);
    const filters = await checkedFilters(ctx, args);
    const repo = createPnlRepository(ctx.services.db);
    const zone = ctx.services.config.timeZone;
    const [rows, totals] = await Promise.all([repo.byGroup(period.from, period.to, zone, args.by, filters), repo.totals(period.from, period.to, zone, filters)]);
    if (totals.length === 0) throw await emptyPeriodError(ctx, period);
    const t = ctx.t;
    const by = t(`pnl.by.${args.by}`);
    const title = t('pnl.title', { label: period.label, range: periodText(ctx, period), by });
    const columns = t('pnl.columns').split('|');
    const line = (row: PnlRow, first: string) => [first, row.quoteCoin, row.count, money(row.notional, row.quoteCoin), money(row.pnl, row.quoteCoin), bps(row.pnlBps), percent(row.winRate)];
    const align: ('l' | 'r')[] = ['l', 'l', 'r', 'r', 'r', 'r', 'r'];
    // Many groups (clients): the best and the worst matter, the middle is summarised in one line.
    // Daily rows over a long period: the latest days in the table, every day in the chart.
    const days = [...new Set(rows.map((row) => row.group))];
    const recentDays = new Set(days.slice(-MAX_DAYS));
    const byDay = args.by === 'day';
    const shown = byDay ? rows.filter((row) => recentDays.has(row.group)) : rows.length > TOP + BOTTOM ? [...rows.slice(0, TOP), ...rows.slice(-BOTTOM)] : rows;
    const body = shown.map((row) => line(row, row.group));
    if (!byDay && shown.length < rows.length) body.splice(TOP, 0, ['…', '', '', '', '', '', '']);
    const lines = [`### ${title}`];
    const filterText = Object.entries(filters).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(' ');
    if (filterText) lines.push(t('pnl.filters', { filters: filterText }));
    lines.push('', markdownTable([by, ...columns], body, align));
    if (shown.length < rows.length) {
      lines.push('', byDay ? t('pnl.olderDays', { n: days.length - MAX_DAYS, shown: MAX_DAYS }) : t('pnl.hiddenRows', { n: rows.length - shown.length, top: TOP, bottom: BOTTOM }));
    }
    const coverage = await coverageNote(ctx, period);
    if (coverage) lines.push('', coverage);
    lines.push('', `**${t('pnl.totals')}**`, '', markdownTable(['', ...columns], totals.map((row) => line(row, '∑')), align), '', t('pnl.note'));
    const parts: ReplyPart[] = [markdown(title, lines.join('\n'))];
    // One chart per quote coin, largest notional first: sums never cross quote coins.
    const quotes = [...totals].sort((a, b) => Number(b.notional) - Number(a.notional)).map((row) => row.quoteCoin).slice(0, 2);
    for (const quote of quotes) {
      const ofQuote = rows.filter((row) => row.quoteCoin === quote);
      if (args.by === 'day') {
        const daily = ofQuote.map((row) => Number(row.pnl));
        const cumulative = daily.map((_, i) => daily.slice(0, i + 1).reduce((sum, v) => sum + v, 0));
        const chartTitle = t('pnl.chartDaily', { quote });
        const png = await ctx.services.charts.barWithLine({
          title: chartTitle,
          labels: ofQuote.map((row) => row.group.slice(5)),
          bars: { label: t('pnl.dailyBar'), values: daily.map((v) => round(v, quote)) },
          line: { label: t('pnl.cumulative'), values: cumulative.map((v) => round(v, quote)) },
          yLabel: quote,
        });
        parts.push(image(chartTitle, png));
      } else {
        const chartRows = ofQuote.length > 24 ? [...ofQuote.slice(0, 12), ...ofQuote.slice(-12)] : ofQuote;
        const chartTitle = t('pnl.chartGroup', { by, quote });
        const png = await ctx.services.charts.bar({
          title: chartTitle,
          labels: chartRows.map((row) => row.group),
          series: [{ label: quote, values: chartRows.map((row) => round(Number(row.pnl), quote)) }],
          yLabel: quote,
          signColours: true,
        });
        parts.push(image(chartTitle, png));
      }
    }
    return parts;
  },
});

const round = (value: number, quote: string) => Number(value.toFixed(quote.startsWith('USD') ? 2 : 6));
