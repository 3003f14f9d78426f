import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../../support/test-app.js';
import { INDEPENDENT_PAIRS, markdownOf, money2, pngSize, startPnlApp, tableRow, textOf } from '../../support/pnl-fixture.js';

let app: TestApp;
before(async () => {
  app = await startPnlApp();
});
after(async () => app.close());

// 30d in Shanghai at 2026-11-25 14:00 local: from 2026-10-27 00:00 +08:00.
const FROM_30D = '2026-10-26T16:00:00Z';

describe('/pnl', () => {
  test('by=coin: every row equals an independent SQL computation from the source tables; charts are PNGs', async () => {
    const parts = await app.ask('/pnl 30d by=coin');
    const md = markdownOf(parts);
    const { rows } = await app.database.pool.query(
      `SELECT base_coin, quote_coin, count(*)::int AS n, sum(notional) AS notional, sum(pnl) AS pnl, sum(pnl) / sum(notional) * 10000 AS bps,
              avg((pnl > 0)::int) AS win
         FROM (${INDEPENDENT_PAIRS}) p WHERE locked_at >= $1 AND locked_at < $2 GROUP BY 1, 2`,
      [FROM_30D, '2026-11-25T06:00:00Z'],
    );
    assert.ok(rows.length >= 10, `expected many coin rows, got ${rows.length}`);
    for (const row of rows) {
      const cells = tableRow(md, row.base_coin, row.quote_coin);
      assert.ok(cells, `row ${row.base_coin} ${row.quote_coin} missing`);
      assert.deepEqual(cells.slice(2), [String(row.n), money2(Number(row.notional)), money2(Number(row.pnl)), Number(row.bps).toFixed(1), `${(Number(row.win) * 100).toFixed(1)}%`]);
    }
    const images = parts.filter((p) => p.kind === 'image');
    assert.equal(images.length, 2, 'one chart per quote coin (USDT, USDC)');
    for (const image of images) if (image.kind === 'image') assert.deepEqual(pngSize(image.png), { width: 900, height: 480 });
  });

  test('totals are per quote coin and never mixed', async () => {
    const md = markdownOf(await app.ask('/pnl 30d by=method'));
    const { rows } = await app.database.pool.query(
      `SELECT quote_coin, count(*)::int AS n, sum(pnl) AS pnl FROM (${INDEPENDENT_PAIRS}) p WHERE locked_at >= $1 GROUP BY 1`,
      [FROM_30D],
    );
    for (const row of rows) {
      const cells = tableRow(md, '∑', row.quote_coin);
      assert.ok(cells);
      assert.equal(cells[2], String(row.n));
      assert.equal(cells[4], money2(Number(row.pnl)));
    }
    assert.match(md, /\| twap \| USDT \|/);
  });

  test('default is 7 days by day with a daily bar + cumulative chart; the Chinese alias works', async () => {
    const parts = await app.ask('/盈亏');
    const md = markdownOf(parts);
    assert.match(md, /对冲盈亏 7d（2026-11-19 ~ 2026-11-25）按日期/);
    assert.ok(tableRow(md, '2026-11-19', 'USDT'));
    assert.ok(!tableRow(md, '2026-11-18', 'USDT'), 'the day before the period is not shown');
    assert.ok(parts.some((p) => p.kind === 'image' && p.title.includes('每日对冲盈亏与累计')));
  });

  test('a long daily period lists the latest 31 days and says where the rest is', async () => {
    const parts = await app.ask('/pnl 40d');
    const md = markdownOf(parts);
    const days = new Set(md.split('\n').filter((line) => /^\| 2026-\d\d-\d\d \|/.test(line)).map((line) => line.slice(2, 12)));
    assert.equal(days.size, 31);
    assert.ok(days.has('2026-11-25') && !days.has('2026-10-24'));
    assert.match(md, /表中只列最近 31 天，更早的 \d+ 天见合计与图表/);
    // The fixture's data covers 40 days: a year-to-date question says where the data starts.
    assert.match(markdownOf(await app.ask('/pnl ytd by=coin')), /注意：已匹配订单的数据从 2026-10-1\d 开始，此前没有数据。/);
    assert.doesNotMatch(md, /注意：已匹配订单的数据从/);
    assert.ok(parts.some((p) => p.kind === 'image'));
  });

  test('filters narrow the rows; an unknown coin, client or method lists what exists', async () => {
    const md = markdownOf(await app.ask('/pnl 30d by=coin coin=btc'));
    assert.ok(tableRow(md, 'BTC', 'USDT'));
    assert.ok(!tableRow(md, 'ETH', 'USDT'));
    const coin = textOf(await app.ask('/pnl coin=XYZ'));
    assert.match(coin, /没有币种 XYZ 的订单。已有币种：.*BTC.*ETH/);
    assert.match(textOf(await app.ask('/pnl client=nobody')), /没有客户 nobody 的订单。最活跃的客户：CL0001/);
    assert.match(textOf(await app.ask('/pnl method=magic')), /没有对冲方式 magic 的订单。已有方式：.*twap/);
  });

  test('bad periods: malformed, reversed, future, and periods outside the data say what exists', async () => {
    assert.match(textOf(await app.ask('/pnl 2026-13-01..2026-13-05')), /看不懂时间段「2026-13-01..2026-13-05」。可用：today/);
    assert.match(textOf(await app.ask('/pnl 2026-11-20..2026-11-01')), /开始晚于结束/);
    assert.match(textOf(await app.ask('/pnl 2027-01-01..2027-01-31')), /还没有开始/);
    const empty = await app.ask('/pnl 2025-01-01..2025-01-31');
    assert.match(textOf(empty), /2025-01-01 ~ 2025-01-31 内没有已匹配的订单。已有数据的范围：2026-10-1\d ~ 2026-11-25。/);
    assert.ok(empty.every((p) => p.kind !== 'image'), 'never an empty chart');
    assert.match(textOf(await app.ask('/pnl by=week')), /参数有误/);
  });

  test('English replies use the en catalogue', async () => {
    await app.services.preferences.setLocale('trader-en', 'en');
    await app.services.roles.grant({ kind: 'user', id: 'trader-en' }, 'trader', 'test');
    const md = markdownOf(await app.ask('/pnl 30d by=exchange', { staffId: 'trader-en' }));
    assert.match(md, /Hedge P&L 30d \(2026-10-27 ~ 2026-11-25\) by exchange/);
    assert.match(md, /Totals \(per quote coin, never mixed\)/);
  });

  test('a user without a role gets no numbers', async () => {
    const reply = textOf(await app.ask('/pnl', { staffId: 'stranger' }));
    assert.doesNotMatch(reply, /USDT/);
  });
});
