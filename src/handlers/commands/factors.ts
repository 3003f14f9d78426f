import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { markdownTable } from '../../bot/format.js';
import { image, markdown, type ReplyPart } from '../../bot/reply.js';
import { createMatchFactorsRepository, FACTOR_DIMENSIONS, type FactorRow } from '../../adapters/db/match-factors-repository.js';
import { checkedFilters, coverageNote, emptyPeriodError, freshMatches, money, periodOf, periodText } from '../pnl/common.js';
import { factorFindings, factorValueLabel } from '../pnl/factors-report.js';

const MAX_FINDINGS = 5;

export const command = defineCommand({
  name: 'factors',
  aliases: ['因子'],
  minRole: 'trader',
  summaryKey: 'factors.summary',
  usage: '/factors [today|yesterday|7d|30d|mtd|ytd|2026-11-01..2026-11-20] [coin=]',
  examples: ['/factors', '/factors 30d', '/factors mtd coin=ETH'],
  positional: ['period'],
  args: z.object({ period: z.string().default('30d'), coin: z.string().min(1).max(20).optional() }).strict(),
  async run(ctx, args) {
    const period = periodOf(ctx, args.period);
    await freshMatches(ctx);
    const { coin = null } = await checkedFilters(ctx, { coin: args.coin });
    const repo = createMatchFactorsRepository(ctx.services.db);
    const zone = ctx.services.config.timeZone;
    const [rows, regressions] = await Promise.all([repo.breakdown(period.from, period.to, zone, coin), repo.regressions(period.from, period.to, coin)]);
    if (rows.length === 0) throw await emptyPeriodError(ctx, period);
    const t = ctx.t;
    const title = t('factors.title', { label: period.label + (coin ? ` ${coin}` : ''), range: periodText(ctx, period) });
    const findings = factorFindings(rows, regressions, t).slice(0, MAX_FINDINGS);
    const lines = [`### ${title}`, '', `**${t('factors.findings')}**`, ''];
    lines.push(...(findings.length > 0 ? findings.map((f, i) => `${i + 1}. ${f.text}`) : [t('factors.noFinding')]));
    const columns = t('factors.columns').split('|');
    for (const dimension of FACTOR_DIMENSIONS) {
      const ofDimension = sortedRows(rows, dimension);
      const body = ofDimension.map((r) => [factorValueLabel(r, t), r.count, r.meanBps.toFixed(1), r.medianBps.toFixed(1), money(r.totalPnlUsd, 'USD')]);
      lines.push('', `**${t(`factors.dim.${dimension}`)}**`, '', markdownTable([t(`factors.dim.${dimension}`), ...columns], body, ['l', 'r', 'r', 'r', 'r']));
    }
    const coverage = await coverageNote(ctx, period);
    if (coverage) lines.push('', coverage);
    const other = rows.filter((r) => r.dimension === 'side').reduce((sum, r) => sum + r.otherQuoteCount, 0);
    lines.push('', t('factors.usdNote') + (other > 0 ? ` ${t('factors.otherQuotes', { n: other })}` : ''));
    const parts: ReplyPart[] = [markdown(title, lines.join('\n'))];
    for (const [dimension, key] of [['lag', 'factors.chartLag'], ['method', 'factors.chartMethod']] as const) {
      const ofDimension = sortedRows(rows, dimension);
      const chartTitle = t(key);
      const png = await ctx.services.charts.bar({
        title: `${chartTitle} · ${period.label}${coin ? ` ${coin}` : ''}`,
        labels: ofDimension.map((r) => `${factorValueLabel(r, t)} (n=${r.count})`),
        series: [{ label: t('factors.meanBps'), values: ofDimension.map((r) => Number(r.meanBps.toFixed(2))) }],
        yLabel: 'bps',
        signColours: true,
      });
      parts.push(image(chartTitle, png));
    }
    return parts;
  },
});

/** Buckets, quintiles and hours in their natural order; names by how much they matter (count). */
function sortedRows(rows: FactorRow[], dimension: FactorRow['dimension']): FactorRow[] {
  const ofDimension = rows.filter((r) => r.dimension === dimension);
  const natural = dimension === 'lag' || dimension === 'size' || dimension === 'hour';
  return ofDimension.sort((a, b) => (natural ? a.order - b.order : b.count - a.count || a.value.localeCompare(b.value)));
}
