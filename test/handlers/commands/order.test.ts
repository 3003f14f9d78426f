import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../../support/test-app.js';
import { insertLocks, lock } from '../../support/otc-rows.js';
import { markdownOf, money2, pngSize, startPnlApp, tableRow, textOf } from '../../support/pnl-fixture.js';

let app: TestApp;
before(async () => {
  app = await startPnlApp(13);
  await app.ask('/pnl'); // first sync
});
after(async () => app.close());

describe('/order', () => {
  test('a matched order: lock, hedge, P&L and lag, and its percentile rank in the coin history', async () => {
    const { rows } = await app.database.pool.query(
      `SELECT m.lock_id, m.base_coin, h.id AS hedge_id, h.method, h.exchange,
              (CASE l.side WHEN 'buy' THEN 1 ELSE -1 END) * (l.price - h.avg_price) * least(l.base_amount, h.base_amount) - h.fee AS pnl,
              extract(epoch FROM h.created_at - l.locked_at)::float8 AS lag, l.locked_at
         FROM otc_bot.matches m JOIN otc_lock_orders l ON l.id = m.lock_id JOIN otc_hedge_orders h ON h.id = m.hedge_id
        WHERE m.base_coin = 'BTC' AND m.quote_coin = 'USDT' ORDER BY m.locked_at DESC LIMIT 1`,
    );
    const order = rows[0];
    const parts = await app.ask(`/order ${order.lock_id}`);
    const md = markdownOf(parts);
    assert.equal(tableRow(md, '对冲单号')?.[2], order.hedge_id);
    assert.equal(tableRow(md, '方式 / 交易所')?.[2], `${order.method} / ${order.exchange}`);
    assert.match(tableRow(md, '盈亏')?.[2] ?? '', new RegExp(`^${money2(Number(order.pnl)).replace(/[.]/g, '\\.')} USDT`));
    // Rank: share of earlier BTC orders in the 30-day window whose bps is at or below this one's.
    const rank = await app.database.pool.query(
      `SELECT count(*)::int AS n, avg((pnl_bps <= (SELECT pnl_bps FROM otc_bot.matches WHERE lock_id = $1))::int) AS r
         FROM otc_bot.matches WHERE hedge_id IS NOT NULL AND base_coin = 'BTC' AND locked_at < $2 AND locked_at >= $2::timestamptz - interval '30 days'`,
      [order.lock_id, order.locked_at],
    );
    assert.ok(md.includes(`在 BTC 最近 30天 的 ${rank.rows[0].n} 笔已匹配订单中`), md);
    assert.ok(md.includes(`高于 ${(Number(rank.rows[0].r) * 100).toFixed(1)}% 的订单`));
    const image = parts.find((p) => p.kind === 'image');
    assert.ok(image && image.kind === 'image');
    assert.deepEqual(pngSize(image.png), { width: 900, height: 480 });
  });

  test('an unhedged lock says 未对冲 and for how long', async () => {
    const { rows } = await app.database.pool.query(`SELECT lock_id, locked_at FROM otc_bot.matches WHERE hedge_id IS NULL ORDER BY locked_at DESC LIMIT 1`);
    const md = markdownOf(await app.ask(`/订单 ${rows[0].lock_id}`));
    assert.match(md, /未对冲（已 \d+(天|小时|分|秒)/);
  });

  test('a lock that arrived seconds after the last sync is found', async () => {
    await app.ask('/pnl');
    await insertLocks(app.database.pool, [lock('LATE-1', Date.parse('2026-11-25T05:59:00Z'), 1, { baseAmountText: '1' })]);
    assert.match(markdownOf(await app.ask('/order LATE-1')), /### 订单 LATE-1[\s\S]*未对冲（已 1分/);
  });

  test('an unknown id lists neighbouring ids; a missing id shows the usage', async () => {
    assert.match(textOf(await app.ask('/order L0000100x')), /找不到锁价订单 L0000100x。相近的编号：L0000100\d/);
    assert.match(textOf(await app.ask('/order')), /用法: \/order LOCK_ID/);
  });
});
