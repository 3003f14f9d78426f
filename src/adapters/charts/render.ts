// PNG charts through chart.js on node-canvas. Labels may be Chinese: text uses Noto Sans CJK
// (Debian's fonts-noto-cjk), found by fontconfig.
import type { ChartConfiguration } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';

export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 480;
const FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans CJK', 'Noto Sans', sans-serif";
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const POSITIVE = '#2ca02c';
const NEGATIVE = '#d62728';

export interface Series {
  label: string;
  values: (number | null)[];
}

export interface ChartRenderer {
  line(options: { title: string; labels: string[]; series: Series[]; yLabel?: string; horizontalLines?: { label: string; value: number }[] }): Promise<Buffer>;
  bar(options: { title: string; labels: string[]; series: Series[]; yLabel?: string; signColours?: boolean }): Promise<Buffer>;
  /** Bars per label with a line on a second axis (e.g. daily P&L and its cumulative sum). */
  barWithLine(options: { title: string; labels: string[]; bars: Series; line: Series; yLabel?: string }): Promise<Buffer>;
  histogram(options: { title: string; values: number[]; bins?: number; xLabel?: string; marker?: { label: string; value: number } }): Promise<Buffer>;
  render(config: ChartConfiguration): Promise<Buffer>;
}

export function createChartRenderer(size: { width?: number; height?: number } = {}): ChartRenderer {
  const canvas = new ChartJSNodeCanvas({
    width: size.width ?? CHART_WIDTH,
    height: size.height ?? CHART_HEIGHT,
    backgroundColour: 'white',
    chartCallback: (chartJs) => {
      chartJs.defaults.font.family = FONT_FAMILY;
      chartJs.defaults.font.size = 14;
      chartJs.defaults.animation = false;
      chartJs.defaults.responsive = false;
    },
  });
  const render = (config: ChartConfiguration) => canvas.renderToBuffer(config, 'image/png');
  const title = (text: string) => ({ display: true, text, font: { size: 18 } });
  const axisTitle = (text?: string) => (text ? { display: true, text } : undefined);

  return {
    render,
    line: ({ title: heading, labels, series, yLabel, horizontalLines = [] }) =>
      render({
        type: 'line',
        data: {
          labels,
          datasets: [
            ...series.map((s, i) => ({ label: s.label, data: s.values, borderColor: PALETTE[i % PALETTE.length], pointRadius: 0, borderWidth: 2, spanGaps: true })),
            ...horizontalLines.map((h, i) => ({
              label: h.label,
              data: labels.map(() => h.value),
              borderColor: PALETTE[(series.length + i) % PALETTE.length],
              borderDash: [6, 4],
              pointRadius: 0,
              borderWidth: 2,
            })),
          ],
        },
        options: { plugins: { title: title(heading) }, scales: { y: { title: axisTitle(yLabel) } } },
      }),
    bar: ({ title: heading, labels, series, yLabel, signColours }) =>
      render({
        type: 'bar',
        data: {
          labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: s.values,
            backgroundColor: signColours ? s.values.map((v) => ((v ?? 0) >= 0 ? POSITIVE : NEGATIVE)) : PALETTE[i % PALETTE.length],
          })),
        },
        options: { plugins: { title: title(heading), legend: { display: series.length > 1 } }, scales: { y: { title: axisTitle(yLabel) } } },
      }),
    barWithLine: ({ title: heading, labels, bars, line, yLabel }) =>
      render({
        type: 'bar',
        data: {
          labels,
          datasets: [
            { type: 'bar', label: bars.label, data: bars.values, backgroundColor: bars.values.map((v) => ((v ?? 0) >= 0 ? POSITIVE : NEGATIVE)), yAxisID: 'y', order: 2 },
            { type: 'line', label: line.label, data: line.values, borderColor: PALETTE[0], pointRadius: 2, borderWidth: 2, yAxisID: 'y1', order: 1 },
          ],
        } as ChartConfiguration['data'],
        options: {
          plugins: { title: title(heading) },
          scales: { y: { title: axisTitle(yLabel), position: 'left' }, y1: { position: 'right', grid: { drawOnChartArea: false } } },
        },
      }),
    histogram: ({ title: heading, values, bins = 30, xLabel, marker }) => {
      const { labels, counts, markerIndex } = histogramBins(values, bins, marker?.value);
      return render({
        type: 'bar',
        data: {
          labels,
          datasets: [
            {
              label: heading,
              data: counts,
              backgroundColor: counts.map((_, i) => (i === markerIndex ? NEGATIVE : PALETTE[0])),
              barPercentage: 1,
              categoryPercentage: 1,
            },
          ],
        },
        options: {
          plugins: {
            title: title(marker ? `${heading} (${marker.label})` : heading),
            legend: { display: false },
          },
          scales: { x: { title: axisTitle(xLabel) } },
        },
      });
    },
  };
}

/** Equal-width bins over [min, max]; the bin holding `markerValue` (clamped) is returned too. */
export function histogramBins(values: number[], bins: number, markerValue?: number) {
  const finite = values.filter(Number.isFinite);
  const low = Math.min(...finite, markerValue ?? Number.POSITIVE_INFINITY);
  const high = Math.max(...finite, markerValue ?? Number.NEGATIVE_INFINITY);
  const width = high > low ? (high - low) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  const binOf = (value: number) => Math.min(bins - 1, Math.max(0, Math.floor((value - low) / width)));
  for (const value of finite) counts[binOf(value)] += 1;
  const labels = counts.map((_, i) => formatEdge(low + (i + 0.5) * width));
  return { labels, counts, markerIndex: markerValue === undefined ? -1 : binOf(markerValue) };
}

function formatEdge(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude >= 1000 ? value.toFixed(0) : magnitude >= 10 ? value.toFixed(1) : value.toPrecision(3);
}
