import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { file, image, markdown, text } from '../../bot/reply.js';
import { analyseCoinLiquidity } from '../../domain/liquidity-analysis.js';
import { coinCharts } from '../coin/charts.js';
import { reportFileName, coinReportText } from '../coin/report.js';
import { coinRequest } from '../coin/request.js';
import { coinSummaryMarkdown, missingLines } from '../coin/summary.js';

export const command = defineCommand({
  name: 'coin',
  aliases: ['币种', '币'],
  minRole: 'trader',
  summaryKey: 'coin.summary',
  detailKey: 'coin.detail',
  usage: '/coin BASE[/QUOTE] [notional=100000] [exchanges=htx,binance,okx,bybit]',
  examples: ['/coin BTC', '/coin ETH/USDT notional=500k', '/币 SOL exchanges=binance,okx'],
  positional: ['symbol'],
  args: z.object({ symbol: z.string().min(1), notional: z.string().optional(), exchanges: z.string().optional() }).strict(),
  progressKey: 'coin.progress',
  async run(ctx, args) {
    const { settings, market, charts, config } = ctx.services;
    const snapshot = await settings.snapshot();
    const request = coinRequest(args, { notional: snapshot.number('coin.notional'), venues: snapshot.list('coin.exchanges') });
    await ctx.progress(text(ctx.t('coin.progress')));
    const at = ctx.clock.now();
    const observations = await market.observe({ venues: request.venues, base: request.base, quote: request.quote, now: at });
    const liquidity = analyseCoinLiquidity(observations, request.notional);
    const symbol = `${request.base}/${request.quote}`;
    if (liquidity.unknownEverywhere) {
      return text(ctx.t('coin.unknownCoin', { symbol, base: request.base, venues: request.venues.join(', ') }));
    }
    if (!liquidity.markets.some((m) => m.book)) {
      const reasons = missingLines(ctx.t, liquidity, market.timeoutMs).map((line) => `- ${line}`);
      return markdown(symbol, [ctx.t('coin.nothingFetched', { symbol }), '', ...reasons].join('\n'));
    }
    const fileName = reportFileName(request, at, config.timeZone);
    const summary = coinSummaryMarkdown(ctx.t, liquidity, request, market.timeoutMs, fileName);
    const report = coinReportText({ t: ctx.t, request, at, timeZone: config.timeZone, timeoutMs: market.timeoutMs }, liquidity);
    const { depth, slippage } = await coinCharts(charts, ctx.t, liquidity, request);
    return [
      markdown(summary.title, summary.markdown),
      image(ctx.t('coin.chart.depthTitle', { symbol }), depth),
      image(ctx.t('coin.chart.slippageTitle', { symbol }), slippage),
      file(fileName, report),
    ];
  },
});
