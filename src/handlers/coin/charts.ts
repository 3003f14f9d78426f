// The two /coin charts: cumulative book depth around mid, and slippage against order size.
// One colour per venue; spot solid, perp dashed, so a trader can compare both at a glance.
import type { ChartConfiguration } from 'chart.js';
import { type ChartRenderer, PALETTE } from '../../adapters/charts/render.js';
import type { Translate } from '../../bot/i18n.js';
import type { CoinLiquidity, MarketLiquidity } from '../../domain/liquidity-analysis.js';
import { depthCurve, marketOrderFill, slippageSizes } from '../../domain/liquidity.js';
import { formatAmount, formatNotional } from './format.js';
import type { CoinRequest } from './request.js';
import { marketLabel } from './summary.js';

/** Distances from mid: 0 to 2 % in 0.05 % steps. */
const DEPTH_GRID = Array.from({ length: 41 }, (_, i) => i * 0.0005);

type Point = { x: number; y: number | null };

/** Log-axis labels only at 1, 2 and 5 × 10ⁿ, so they do not overlap. */
function isRoundTick(value: number): boolean {
  const mantissa = value / 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5].some((round) => Math.abs(mantissa - round) < 1e-6);
}

function depthPoints(m: MarketLiquidity): Point[] {
  if (!m.book) return [];
  const bids = depthCurve(m.book, 'sell', DEPTH_GRID);
  const asks = depthCurve(m.book, 'buy', DEPTH_GRID);
  const left = DEPTH_GRID.map((f, i) => ({ x: -f * 100, y: bids[i] })).reverse();
  const right = DEPTH_GRID.slice(1).map((f, i) => ({ x: f * 100, y: asks[i + 1] }));
  return [...left, ...right];
}

function slippagePoints(m: MarketLiquidity, notional: number): Point[] {
  const book = m.book;
  if (!book) return [];
  return slippageSizes(notional).map((size) => {
    const buy = marketOrderFill(book, 'buy', size);
    const sell = marketOrderFill(book, 'sell', size);
    const both = buy?.kind === 'filled' && sell?.kind === 'filled';
    return { x: size, y: both ? (buy.slippageBps + sell.slippageBps) / 2 : null };
  });
}

function dataset(t: Translate, m: MarketLiquidity, colourIndex: number, points: Point[]) {
  const colour = PALETTE[colourIndex % PALETTE.length];
  return {
    label: marketLabel(t, m),
    data: points,
    showLine: true,
    borderColor: colour,
    backgroundColor: colour,
    borderDash: m.observation.market === 'perp' ? [8, 5] : [],
    borderWidth: 2,
    pointRadius: 0,
    spanGaps: false,
  };
}

function lineChart(title: string, xTitle: string, yTitle: string, datasets: ReturnType<typeof dataset>[], x: object, yTick: (v: number) => string): ChartConfiguration {
  return {
    type: 'scatter',
    data: { datasets: datasets as ChartConfiguration<'scatter'>['data']['datasets'] },
    options: {
      plugins: { title: { display: true, text: title, font: { size: 17 } }, legend: { position: 'bottom' } },
      scales: {
        x: { ...x, title: { display: true, text: xTitle } },
        y: { beginAtZero: true, title: { display: true, text: yTitle }, ticks: { callback: (value) => yTick(Number(value)) } },
      },
    },
  } as ChartConfiguration;
}

/** A grey vertical line at the asked notional, so the trader finds "my size" on the curve. */
function withNotionalMarker(t: Translate, request: CoinRequest, datasets: ReturnType<typeof dataset>[]) {
  const top = Math.max(1, ...datasets.flatMap((d) => d.data.map((p) => p.y ?? 0)));
  const label = t('coin.chart.notional', { notional: formatNotional(request.notional), quote: request.quote });
  const points = [
    { x: request.notional, y: 0 },
    { x: request.notional, y: top },
  ];
  return [...datasets, { label, data: points, showLine: true, borderColor: '#7f7f7f', backgroundColor: '#7f7f7f', borderDash: [2, 3], borderWidth: 1.5, pointRadius: 0, spanGaps: false }];
}

export async function coinCharts(charts: ChartRenderer, t: Translate, liquidity: CoinLiquidity, request: CoinRequest): Promise<{ depth: Buffer; slippage: Buffer }> {
  const symbol = `${request.base}/${request.quote}`;
  const shown = liquidity.markets.filter((m) => m.book);
  const colourOf = (m: MarketLiquidity) => request.venues.indexOf(m.observation.venue);
  const depth = lineChart(
    t('coin.chart.depthTitle', { symbol }),
    t('coin.chart.depthX'),
    t('coin.chart.depthY', { quote: request.quote }),
    shown.map((m) => dataset(t, m, colourOf(m), depthPoints(m))),
    { type: 'linear', min: -2, max: 2, ticks: { stepSize: 0.5, callback: (value: number | string) => `${Number(value).toFixed(1)}%` } },
    formatAmount,
  );
  const slippage = lineChart(
    t('coin.chart.slippageTitle', { symbol }),
    t('coin.chart.slippageX', { quote: request.quote }),
    t('coin.chart.slippageY'),
    withNotionalMarker(t, request, shown.map((m) => dataset(t, m, colourOf(m), slippagePoints(m, request.notional)))),
    { type: 'logarithmic', ticks: { callback: (value: number | string) => (isRoundTick(Number(value)) ? formatAmount(Number(value)) : '') } },
    (v) => v.toFixed(1),
  );
  const [depthPng, slippagePng] = await Promise.all([charts.render(depth), charts.render(slippage)]);
  return { depth: depthPng, slippage: slippagePng };
}
