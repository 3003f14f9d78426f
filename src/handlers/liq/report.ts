// The /liq summary table: the question asked (position, lines, model, data) and the answers.
import { formatDateTime, formatDuration, markdownTable } from '../../bot/format.js';
import type { CommandContext } from '../../bot/command.js';
import { bookDebt } from '../../domain/liquidation/book.js';
import { slippageFraction } from '../../domain/liquidation/loss.js';
import { YEAR_MS } from '../../domain/liquidation/types.js';
import { money, percent, price } from './format.js';
import type { LiquidationOutcome } from './run.js';

export function liquidationReport(ctx: CommandContext, outcome: LiquidationOutcome, threads: number): { title: string; markdown: string } {
  const { t, locale } = ctx;
  const { plan, summary, inputs, spec } = outcome;
  const q = plan.quote;
  const duration = (ms: number) => formatDuration(ms, locale);
  const collateral = spec.book.notional.reduce((a, b) => a + b, 0);
  const debt = bookDebt(spec.book);
  const rows: string[][] = [];
  const row = (key: string, value: string) => rows.push([t(key), value]);

  row(
    'liq.row.position',
    plan.positions > 1
      ? t('liq.value.book', { n: plan.positions, collateral: money(collateral), debt: money(debt), quote: q, ltv: percent(debt / collateral) })
      : t('liq.value.position', { collateral: money(collateral), debt: money(debt), quote: q, ltv: percent(plan.ltv) }),
  );
  const p0 = inputs.lastPrice;
  row(
    'liq.row.lines',
    `${percent(plan.call)} / ${percent(plan.liq)}` +
      (p0 && plan.positions === 1 ? t('liq.value.linePrices', { call: price((p0 * plan.ltv) / plan.call), liq: price((p0 * plan.ltv) / plan.liq), price: price(p0), quote: q }) : ''),
  );
  row('liq.row.model', modelText(ctx, outcome));
  row('liq.row.grid', t('liq.value.grid', { horizon: duration(plan.horizonMs), step: duration(plan.stepMs), steps: plan.steps, paths: plan.paths, seed: plan.seed }));
  row('liq.row.execution', t('liq.value.execution', { delay: duration(plan.delayMs), slippage: slippageText(ctx, outcome, collateral / plan.positions) }));
  if (plan.stress) row('liq.row.stress', `${plan.stress.name}: ${t(plan.stress.descriptionKey)}`);
  // No event in n paths is not "0 ± 0": say the 95 % upper bound (rule of three, 3/n).
  const probability = (p: number, stdError: number) =>
    p > 0 ? `**${percent(p)}** ± ${percent(stdError)}` : `**${percent(0)}**${t('liq.value.noneOf', { paths: summary.paths, bound: percent(3 / summary.paths, 3) })}`;
  row('liq.row.pMarginCall', probability(summary.pMarginCall, Math.sqrt((summary.pMarginCall * (1 - summary.pMarginCall)) / summary.paths)));
  row('liq.row.pLiquidation', probability(summary.pLiquidation, summary.pLiquidationStdError));
  if (summary.pLiquidation > 0) row('liq.row.calledFirst', percent(summary.calledFirstShare));
  if (plan.positions > 1) row('liq.row.liquidatedShare', percent(summary.meanLiquidatedShare));
  row('liq.row.pLoss', probability(summary.pLoss, summary.pLossStdError));
  row('liq.row.expectedLoss', t('liq.value.money', { amount: money(summary.expectedLoss), quote: q, share: percent(summary.expectedLoss / debt, 4) }));
  row('liq.row.var99', t('liq.value.money', { amount: money(summary.var99), quote: q, share: percent(summary.var99 / debt) }));
  row('liq.row.es99', t('liq.value.money', { amount: money(summary.es99), quote: q, share: percent(summary.es99 / debt) }));
  if (summary.pLoss > 0) row('liq.row.lossGivenLoss', t('liq.value.money', { amount: money(summary.lossGivenLoss), quote: q, share: percent(summary.lossGivenLoss / debt) }));
  const ttl = summary.timeToLiquidation;
  row('liq.row.timeToLiquidation', ttl ? [ttl.p10, ttl.p50, ttl.p90].map((y) => duration(y * YEAR_MS)).join(' / ') : '-');
  row(
    'liq.row.safeLine',
    summary.safeLine === null ? t('liq.value.noSafeLine') : `**${percent(summary.safeLine, 0)}**${summary.safeLine < plan.liq ? t('liq.value.belowCurrent') : ''}`,
  );
  const title = t('liq.title', { coin: `${plan.base}/${plan.quote}` });
  const notes = [dataNote(ctx, outcome), t('liq.note.elapsed', { ms: outcome.simulationMs.toFixed(0), threads, target: percent(plan.target) })];
  const table = markdownTable([t('liq.column.item'), t('liq.column.value')], rows);
  return { title, markdown: `### ${title}\n\n${table}\n\n${notes.filter(Boolean).map((n) => `> ${n}`).join('\n>\n')}` };
}

function modelText(ctx: CommandContext, outcome: LiquidationOutcome): string {
  const { t } = ctx;
  const { model } = outcome.spec;
  const vol = percent(outcome.inputs.sigma, 1);
  if (model.kind === 'gbm') return t('liq.value.gbm', { vol });
  if (model.kind === 'jump') {
    return t('liq.value.jump', { vol, lambda: model.lambda.toFixed(1), mean: percent(Math.exp(model.jumpMean) - 1), std: percent(model.jumpStd) });
  }
  return t('liq.value.bootstrap', { n: model.returns.length, step: outcome.plan.timeframe, block: model.blockLength, vol });
}

function slippageText(ctx: CommandContext, outcome: LiquidationOutcome, typicalNotional: number): string {
  const { t } = ctx;
  const { impact } = outcome.spec;
  const atLine = (typicalNotional * outcome.plan.ltv) / outcome.plan.liq;
  if (impact.kind === 'sqrt') {
    return t('liq.value.sqrtImpact', { y: impact.coefficient, adv: money(impact.dailyVolume), quote: outcome.plan.quote, slip: percent(slippageFraction(impact, atLine)) });
  }
  if (impact.kind === 'depth') {
    const visible = impact.notional[impact.notional.length - 1];
    return t('liq.value.depthImpact', { slip: percent(slippageFraction(impact, atLine)), venue: outcome.plan.venue, visible: money(visible), quote: outcome.plan.quote });
  }
  if (impact.kind === 'fixed' && outcome.plan.slippage === undefined) return t('liq.value.assumedSlippage', { slip: percent(impact.fraction) });
  return percent(slippageFraction(impact, atLine));
}

function dataNote(ctx: CommandContext, outcome: LiquidationOutcome): string {
  const { t, locale } = ctx;
  const { history, plan } = outcome;
  const candles = history.candles;
  const series = { venue: plan.venue, symbol: `${plan.base}/${plan.quote}`, tf: plan.timeframe, n: candles.length };
  const newest = candles.length > 0 ? formatDateTime(new Date(candles[candles.length - 1].time), ctx.services.config.timeZone) : '';
  switch (history.origin) {
    case 'venue':
      return t('liq.data.venue', { ...series, newest });
    case 'cache':
      return t('liq.data.cache', { ...series, newest });
    case 'stale-cache':
      return t('liq.data.stale', { ...series, newest, age: formatDuration(history.ageMs ?? 0, locale), reason: history.venueError ?? '-' });
    case 'synthetic':
      return t('liq.data.synthetic', { ...series, reason: history.venueError ?? '-' });
    default:
      return t('liq.data.none', { venue: plan.venue, reason: history.venueError ?? '-' });
  }
}
