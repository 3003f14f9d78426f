import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../../support/test-app.js';
import { INDEPENDENT_PAIRS, markdownOf, pngSize, startPnlApp, tableRow, textOf } from '../../support/pnl-fixture.js';

let app: TestApp;
before(async () => {
  app = await startPnlApp(12);
});
after(async () => app.close());

const FROM_30D = '2026-10-26T16:00:00Z';

describe('/factors', () => {
  test('by method and by lag bucket: counts, mean and median bps equal an independent SQL computation', async () => {
    const parts = await app.ask('/factors 30d');
    const md = markdownOf(parts);
    const stats = `count(*)::int AS n, avg(pnl / notional * 10000) AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY pnl / notional * 10000) AS median`;
    const byMethod = await app.database.pool.query(`SELECT method AS k, ${stats} FROM (${INDEPENDENT_PAIRS}) p WHERE locked_at >= $1 GROUP BY 1`, [FROM_30D]);
    assert.ok(byMethod.rows.length >= 3);
    for (const row of byMethod.rows) {
      assert.deepEqual(tableRow(md, row.k)?.slice(1, 4), [String(row.n), Number(row.mean).toFixed(1), Number(row.median).toFixed(1)], row.k);
    }
    const byLag = await app.database.pool.query(
      `SELECT CASE WHEN lag < 0 THEN '<0s' WHEN lag < 10 THEN '0-10s' WHEN lag < 60 THEN '10-60s' WHEN lag < 300 THEN '1-5m' WHEN lag < 1800 THEN '5-30m' ELSE '>30m' END AS k, ${stats}
         FROM (${INDEPENDENT_PAIRS}) p WHERE locked_at >= $1 GROUP BY 1`,
      [FROM_30D],
    );
    for (const row of byLag.rows) assert.deepEqual(tableRow(md, row.k)?.slice(1, 4), [String(row.n), Number(row.mean).toFixed(1), Number(row.median).toFixed(1)], row.k);
    const images = parts.filter((p) => p.kind === 'image');
    assert.equal(images.length, 2);
    for (const image of images) if (image.kind === 'image') assert.deepEqual(pngSize(image.png), { width: 900, height: 480 });
  });

  test('names the strongest findings in words, with the lag and size slopes computed like regr_slope', async () => {
    const md = markdownOf(await app.ask('/因子 30d'));
    assert.match(md, /主要发现（最显著的在前）\*\*\n\n1\. /);
    const { rows } = await app.database.pool.query(
      `SELECT regr_slope(pnl / notional * 10000, log(notional)) AS slope, count(*)::int AS n FROM (${INDEPENDENT_PAIRS}) p WHERE locked_at >= $1`,
      [FROM_30D],
    );
    // The demo's smaller clients pay a wider markup, so size lowers bps: a finding the desk should see.
    assert.ok(Number(rows[0].slope) < 0);
    assert.ok(md.includes(`订单规模每大 10 倍，盈亏 bps 减少 ${Math.abs(Number(rows[0].slope)).toFixed(2)}`), md.slice(0, 600));
    assert.ok(md.includes(`n = ${rows[0].n}）`));
  });

  test('coin filter, unknown coin and an empty period', async () => {
    const md = markdownOf(await app.ask('/factors 30d coin=ETH'));
    assert.match(md, /30d ETH/);
    assert.ok(tableRow(md, 'ETH'));
    assert.ok(!tableRow(md, 'BTC'));
    assert.match(textOf(await app.ask('/factors coin=NOPE')), /没有币种 NOPE 的订单/);
    assert.match(textOf(await app.ask('/factors 2024-01-01..2024-02-01')), /内没有已匹配的订单。已有数据的范围/);
  });
});
