// The three /liq charts: sample price paths against the call and liquidation lines, the loss
// distribution (log scale so the tail shows), and P(loss) / P(liquidation) across liquidation lines.
import type { ChartConfiguration } from 'chart.js';
import type { Translate } from '../../bot/i18n.js';
import type { ChartRenderer } from '../../adapters/charts/render.js';
import { money, percent, timeAxis } from './format.js';
import type { LiquidationOutcome } from './run.js';

const SHOWN_PATHS = 20;
const LIQUIDATED_COLOUR = 'rgba(214, 39, 40, 0.55)';
const SURVIVING_COLOUR = 'rgba(31, 119, 180, 0.35)';
const CALL_COLOUR = '#ff7f0e';
const LIQ_COLOUR = '#d62728';
const hidden = '\u200b'; // legend entries starting with this are not shown

export async function liquidationCharts(charts: ChartRenderer, outcome: LiquidationOutcome, t: Translate): Promise<{ title: string; png: Buffer }[]> {
  const made = [pathsChart(outcome, t), lossChart(outcome, t), sweepChart(outcome, t)];
  return Promise.all(made.map(async ({ title, config }) => ({ title, png: await charts.render(config) })));
}

function startPrice(outcome: LiquidationOutcome): number {
  return outcome.inputs.lastPrice ?? 100;
}

function pathsChart(outcome: LiquidationOutcome, t: Translate) {
  const { plan, spec, samples } = outcome;
  const p0 = startPrice(outcome);
  const points = spec.samplePoints;
  const axis = timeAxis(plan.horizonMs);
  const labels = Array.from({ length: points }, (_, i) => ((i / (points - 1)) * plan.horizonMs) / axis.unitMs);
  const liqLevel = p0 * (plan.ltv / plan.liq);
  const callLevel = p0 * (plan.ltv / plan.call);
  const paths: { values: number[]; liquidated: boolean }[] = [];
  for (let p = 0; samples && p < spec.samplePaths; p++) {
    const values = Array.from(samples.subarray(p * points, (p + 1) * points), (x) => p0 * Math.exp(x));
    paths.push({ values, liquidated: values.some((v) => v <= liqLevel) });
  }
  // Show the liquidated samples (up to half) and fill with the others: both outcomes stay visible.
  const liquidated = paths.filter((p) => p.liquidated).slice(0, SHOWN_PATHS / 2);
  const shown = [...liquidated, ...paths.filter((p) => !p.liquidated).slice(0, SHOWN_PATHS - liquidated.length)];
  const title = t('liq.chart.paths.title', { coin: `${plan.base}/${plan.quote}`, pool: paths.length, liquidated: liquidated.length, others: shown.length - liquidated.length });
  const line = (label: string, value: number, colour: string) => ({
    label,
    data: [
      { x: 0, y: value },
      { x: labels[labels.length - 1], y: value },
    ],
    borderColor: colour,
    borderDash: [8, 5],
    borderWidth: 2.5,
    pointRadius: 0,
  });
  const config: ChartConfiguration = {
    type: 'line',
    data: {
      datasets: [
        ...shown.map((p) => ({
          label: hidden,
          data: p.values.map((y, i) => ({ x: labels[i], y })),
          borderColor: p.liquidated ? LIQUIDATED_COLOUR : SURVIVING_COLOUR,
          borderWidth: 1.2,
          pointRadius: 0,
        })),
        line(t('liq.chart.callLine', { line: percent(plan.call, 0), price: money(callLevel) }), callLevel, CALL_COLOUR),
        line(t('liq.chart.liqLine', { line: percent(plan.liq, 0), price: money(liqLevel) }), liqLevel, LIQ_COLOUR),
      ],
    },
    options: {
      plugins: {
        title: { display: true, text: title, font: { size: 18 } },
        legend: { labels: { filter: (item) => !item.text.startsWith(hidden) } },
      },
      scales: {
        x: { type: 'linear', min: 0, max: labels[labels.length - 1], title: { display: true, text: t(axis.unitKey) } },
        y: { title: { display: true, text: t('liq.chart.price', { quote: plan.quote, relative: outcome.inputs.lastPrice ? '' : t('liq.chart.relative') }) } },
      },
    },
  };
  return { title, config };
}

function lossChart(outcome: LiquidationOutcome, t: Translate) {
  const { summary, plan } = outcome;
  const losses = summary.losses;
  const positive = Array.from(losses).filter((v) => v > 0);
  const n = losses.length;
  // Whole picture in one axis: not liquidated, liquidated but covered, then the loss buckets.
  const bins = positive.length > 0 ? 20 : 0;
  const width = positive.length > 0 ? positive.reduce((a, b) => Math.max(a, b), 0) / bins : 1; // no spread: up to 1M values
  const counts = new Array<number>(bins).fill(0);
  for (const loss of positive) counts[Math.min(bins - 1, Math.floor(loss / width))]++;
  const labels = [
    `${t('liq.chart.loss.notLiquidated')} ${percent(1 - summary.pLiquidation)}`,
    `${t('liq.chart.loss.covered')} ${percent(summary.pLiquidation - summary.pLoss)}`,
    ...counts.map((_, i) => money((i + 0.5) * width)),
  ];
  const asShare = (value: number) => (value > 0 ? value * 100 : null);
  const shares = [asShare(1 - summary.pLiquidation), asShare(summary.pLiquidation - summary.pLoss), ...counts.map((c) => asShare(c / n))];
  const colours = ['#7f7f7f', '#2ca02c', ...counts.map(() => LIQ_COLOUR)];
  const title =
    positive.length > 0
      ? t('liq.chart.loss.title', { var: money(summary.var99), es: money(summary.es99), quote: plan.quote })
      : t('liq.chart.loss.titleNone', { paths: n });
  const config: ChartConfiguration = {
    type: 'bar',
    data: { labels, datasets: [{ label: hidden, data: shares, backgroundColor: colours, barPercentage: 1, categoryPercentage: 0.9 }] },
    options: {
      plugins: { title: { display: true, text: title, font: { size: 18 } }, legend: { display: false } },
      scales: {
        x: { title: { display: true, text: t('liq.chart.loss.x', { quote: plan.quote }) } },
        y: logPercentAxis(n, t('liq.chart.loss.y')),
      },
    },
  };
  return { title, config };
}

/** Log axis in percent from just under one path's share to 100 %, ticks at powers of ten only. */
function logPercentAxis(paths: number, title: string) {
  return {
    type: 'logarithmic' as const,
    min: floorPower((100 / paths) * 0.5),
    max: 100,
    title: { display: true, text: title },
    ticks: { callback: (value: number | string) => (Number.isInteger(Math.log10(Number(value))) ? `${Number(value)}%` : '') },
  };
}

function sweepChart(outcome: LiquidationOutcome, t: Translate) {
  const { summary, plan } = outcome;
  const n = summary.paths;
  const labels = summary.sweep.map((point) => (point.line * 100).toFixed(point.line * 100 % 1 === 0 ? 0 : 1));
  const asPercent = (value: number) => (value > 0 ? value * 100 : null);
  const current = summary.sweep.findIndex((point) => point.line === plan.liq);
  const title = t('liq.chart.sweep.title', { target: percent(plan.target), line: summary.safeLine === null ? '-' : percent(summary.safeLine, 0) });
  const config: ChartConfiguration = {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: t('liq.chart.sweep.pLiq'),
          data: summary.sweep.map((p) => asPercent(p.pLiquidation)),
          borderColor: '#1f77b4',
          pointRadius: summary.sweep.map((_, i) => (i === current ? 7 : 2)),
          borderWidth: 2,
        },
        {
          label: t('liq.chart.sweep.pLoss'),
          data: summary.sweep.map((p) => asPercent(p.pLoss)),
          borderColor: LIQ_COLOUR,
          backgroundColor: LIQ_COLOUR,
          pointRadius: summary.sweep.map((_, i) => (i === current ? 7 : 2)),
          borderWidth: 2.5,
        },
        {
          label: t('liq.chart.sweep.target', { target: percent(plan.target) }),
          data: labels.map(() => (plan.target > 0 ? plan.target * 100 : null)),
          borderColor: '#7f7f7f',
          borderDash: [6, 4],
          pointRadius: 0,
          borderWidth: 1.5,
        },
      ],
    },
    options: {
      plugins: { title: { display: true, text: title, font: { size: 18 } } },
      scales: {
        x: { title: { display: true, text: t('liq.chart.sweep.x', { current: percent(plan.liq, 0) }) } },
        y: logPercentAxis(n, t('liq.chart.sweep.y')),
      },
    },
  };
  return { title, config };
}

function floorPower(value: number): number {
  return 10 ** Math.floor(Math.log10(value));
}
