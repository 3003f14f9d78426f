// /liq: liquidation Monte Carlo for collateralised loans (model documented in liq.detail, /help liq).
import { defineCommand } from '../../bot/command.js';
import { image, markdown, text } from '../../bot/reply.js';
import { liqArgs } from '../liq/args.js';
import { liquidationCharts } from '../liq/charts.js';
import { planLiquidation } from '../liq/plan.js';
import { sharedSimulationRunner } from '../liq/pool.js';
import { liquidationReport } from '../liq/report.js';
import { runLiquidation } from '../liq/run.js';

export const command = defineCommand({
  name: 'liq',
  aliases: ['爆仓'],
  minRole: 'risk',
  summaryKey: 'liq.summary',
  usage:
    '/liq COIN [ltv=] [call=] [liq=] [horizon=] [paths=] [model=bootstrap|gbm|jump] [vol=] [delay=] [positions=] [stress=] [seed=] [venue=] [notional=] [slippage=] [target=]',
  examples: ['/liq BTC', '/liq ETH ltv=70% liq=85% horizon=3d', '/liq BTC model=gbm vol=0.8 paths=100000', '/liq BTC positions=50 stress=crash30'],
  positional: ['coin'],
  args: liqArgs,
  // The router sends this after 2 s; a cached-candle run usually answers before that.
  progressKey: 'liq.progress',
  detailKey: 'liq.detail',
  async run(ctx, args) {
    const plan = planLiquidation(args, await ctx.services.settings.snapshot());
    await ctx.progress(text(ctx.t('liq.progress')));
    const runner = sharedSimulationRunner();
    const outcome = await runLiquidation(ctx, plan, runner);
    const report = liquidationReport(ctx, outcome, runner.threads);
    const charts = await liquidationCharts(ctx.services.charts, outcome, ctx.t);
    return [markdown(report.title, report.markdown), ...charts.map((chart) => image(chart.title, chart.png))];
  },
});
