import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCanvas } from 'canvas';
import { createChartRenderer, histogramBins } from '../../../src/adapters/charts/render.js';
import { pngSize } from '../../support/png.js';

describe('charts', () => {
  const charts = createChartRenderer();

  test('Chinese glyphs render as distinct shapes (a CJK font is installed), not as identical boxes', () => {
    const glyph = (char: string) => {
      const canvas = createCanvas(40, 40);
      const context = canvas.getContext('2d');
      context.font = "32px 'Noto Sans CJK SC'";
      context.fillText(char, 2, 34);
      return canvas.toBuffer('image/png');
    };
    assert.notDeepEqual(glyph('盈'), glyph('亏'));
  });

  test('each chart kind renders a PNG of the chart size', async () => {
    const labels = ['周一', '周二', '周三'];
    const pngs = await Promise.all([
      charts.line({ title: '累计盈亏', labels, series: [{ label: 'BTC', values: [1, 2, 3] }], horizontalLines: [{ label: '清算线', value: 2 }] }),
      charts.bar({ title: '按币种', labels, series: [{ label: '盈亏', values: [5, -3, 2] }], signColours: true }),
      charts.barWithLine({ title: '每日盈亏', labels, bars: { label: '当日', values: [5, -3, 2] }, line: { label: '累计', values: [5, 2, 4] } }),
      charts.histogram({ title: 'pnl_bps 分布', values: [1, 2, 2, 3, 3, 3, 10], bins: 5, marker: { label: '本单', value: 10 } }),
    ]);
    for (const png of pngs) assert.deepEqual(pngSize(png), { width: 900, height: 480 });
  });

  test('histogram bins: equal widths over [min, max], the max lands in the last bin, marker bin found', () => {
    const { counts, markerIndex } = histogramBins([0, 1, 2, 3, 4, 5, 6, 7, 8, 10], 5, 9.5);
    // width 2: [0,2) [2,4) [4,6) [6,8) [8,10]
    assert.deepEqual(counts, [2, 2, 2, 2, 2]);
    assert.equal(markerIndex, 4);
  });
});
