import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../../support/test-app.js';
import { markdownOf, startPnlApp, tableRow, textOf } from '../../support/pnl-fixture.js';

let app: TestApp;
before(async () => {
  app = await startPnlApp(14);
});
after(async () => app.close());

const FROM_7D = '2026-11-18T16:00:00Z';

describe('/unmatched', () => {
  test('counts and lists unmatched locks oldest first and hedges no lock claimed, as the source tables say', async () => {
    const md = markdownOf(await app.ask('/unmatched'));
    // Independently: locks in the period with no stored pair, hedges in the period that no pair uses.
    const locks = await app.database.pool.query(
      `SELECT l.id FROM otc_lock_orders l WHERE l.locked_at >= $1
          AND NOT EXISTS (SELECT 1 FROM otc_bot.matches m WHERE m.lock_id = l.id AND m.hedge_id IS NOT NULL) ORDER BY l.locked_at`,
      [FROM_7D],
    );
    const hedges = await app.database.pool.query(
      `SELECT count(*)::int AS n FROM otc_hedge_orders h WHERE h.created_at >= $1 AND NOT EXISTS (SELECT 1 FROM otc_bot.matches m WHERE m.hedge_id = h.id)`,
      [FROM_7D],
    );
    assert.ok(locks.rows.length > 0, 'the demo leaves some locks unhedged');
    assert.ok(md.includes(`未对冲的锁价订单：${locks.rows.length} 笔（最早的在前）`), md);
    assert.ok(md.includes(`没有对应锁价订单的对冲：${hedges.rows[0].n} 笔`));
    const listed = md.split('\n').filter((line) => /^\| L\d+/.test(line)).map((line) => line.split('|')[1].trim());
    assert.deepEqual(listed, locks.rows.slice(0, 20).map((r) => r.id));
    assert.match(tableRow(md, listed[0])?.[2] ?? '', /天|小时|分/);
  });

  test('/未匹配 today and a malformed period', async () => {
    assert.match(markdownOf(await app.ask('/未匹配 today')), /未匹配 today（2026-11-25 ~ 2026-11-25）/);
    assert.match(textOf(await app.ask('/unmatched lastweek')), /看不懂时间段「lastweek」/);
  });

  test('a source relation without a column gets one clear message naming both', async () => {
    await app.database.pool.query('ALTER TABLE otc_hedge_orders RENAME COLUMN avg_price TO price_avg');
    try {
      assert.equal(textOf(await app.ask('/unmatched')), '源数据表 otc_hedge_orders 缺少列 avg_price。请管理员检查映射（列见 domain.md）。');
      await app.database.pool.query('ALTER TABLE otc_hedge_orders RENAME TO otc_hedges_old');
      assert.match(textOf(await app.ask('/pnl')), /^找不到源数据表 otc_hedge_orders。/);
    } finally {
      await app.database.pool.query('ALTER TABLE IF EXISTS otc_hedges_old RENAME TO otc_hedge_orders');
      await app.database.pool.query('ALTER TABLE otc_hedge_orders RENAME COLUMN price_avg TO avg_price');
    }
  });
});
