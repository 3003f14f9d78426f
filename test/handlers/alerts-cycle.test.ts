// The alert cycle end to end on a real database, console push: first start sends nothing old; new
// anomalies, unhedged locks and a round trip completed in a later cycle arrive once; mutes hold.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConsoleEntry } from '../../src/bot/console-transport.js';
import { createAlertRepository } from '../../src/adapters/db/alert-repository.js';
import { replyAsText } from '../../src/bot/reply.js';
import { fixedClock } from '../../src/domain/clock.js';
import { runAlertCycle } from '../../src/handlers/jobs/alert-cycle.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { insertOrders, MIN } from './alerts-fixtures.js';

const T = Date.parse('2026-11-25T08:00:00Z');
const clock = fixedClock(new Date(T));
const GROUP = 'console-group';
let app: TestApp;

const pushes = (): ConsoleEntry[] => (app.console?.list(GROUP) ?? []).filter((entry) => entry.from === 'bot');
const markdownOf = (entries: ConsoleEntry[]) => entries.map((e) => (e.from === 'bot' && e.kind === 'markdown' ? e.markdown : '')).join('\n');
const keys = async () => (await app.database.pool.query('SELECT alert_key FROM otc_bot.alert_outbox ORDER BY alert_key')).rows.map((r) => r.alert_key);

before(async () => {
  app = await startTestApp({ clock });
  // A month of BTC history: pnl_bps -20..19 and lags 10..49 s, one order every 12 h before T,
  // plus old trouble that must stay history: an unhedged lock, a round trip, a wild loss.
  await insertOrders(
    app.database.pool,
    Array.from({ length: 40 }, (_, i) => ({ id: `old${i}`, at: T - (i + 1) * 12 * 60 * MIN, bps: i - 20, lagSeconds: 10 + i })),
  );
  await insertOrders(app.database.pool, [
    { id: 'oldOpen', at: T - 2 * 24 * 60 * MIN, coin: 'ETH', price: 3000 },
    { id: 'oldRtA', at: T - 60 * MIN, coin: 'ETH', price: 3000, clientId: 'C7', bps: 0, lagSeconds: 20 },
    { id: 'oldRtB', at: T - 58 * MIN, coin: 'ETH', price: 3010, side: 'sell', clientId: 'C7', bps: 0, lagSeconds: 20 },
    { id: 'oldWild', at: T - 30 * MIN, bps: -900, lagSeconds: 20 },
  ]);
  assert.match(replyAsText(await app.ask('/subscribe all')), /pnl/);
});
after(async () => {
  await app.close();
});

describe('alert cycle', () => {
  test('first start: history is used, nothing old is sent', async () => {
    const outcome = await runAlertCycle(app.services);
    assert.equal(outcome.ok, true, outcome.error);
    assert.deepEqual(outcome.created, {});
    assert.deepEqual(await keys(), []);
    assert.equal(pushes().length, 0);
  });

  test('new anomalies go out as one digest with one chart; thresholds are the hand-computed percentiles', async () => {
    await insertOrders(app.database.pool, [
      { id: 'N1', at: T + 1 * MIN, bps: -100, lagSeconds: 5 }, // below P5
      { id: 'N2', at: T + 1.5 * MIN, bps: 0, lagSeconds: 600 }, // lag above P95, exactly at unhedged_after: not unhedged
      { id: 'N3', at: T + 2 * MIN }, // never hedged
      { id: 'R1', at: T + 3 * MIN, coin: 'ETH', price: 3000, clientId: 'C9', amount: 2, bps: 0, lagSeconds: 10 },
    ]);
    clock.set(new Date(T + 5 * MIN));
    const outcome = await runAlertCycle(app.services);
    assert.equal(outcome.ok, true, outcome.error);
    assert.deepEqual(await keys(), ['lag:N2', 'pnl:N1']);
    const { rows } = await app.database.pool.query("SELECT details FROM otc_bot.alert_outbox WHERE alert_key = 'pnl:N1'");
    // History of N1: the 40 orders plus oldWild (-900) = 41 values. Sorted: -900, -20 … 19.
    // P5: position 0.05 * 40 = 2 → -19; P95: position 38 → 17.
    assert.equal(rows[0].details.sampleSize, 41);
    assert.equal(rows[0].details.low, -19);
    assert.equal(rows[0].details.high, 17);
    const sent = pushes();
    assert.deepEqual(sent.map((e) => (e.from === 'bot' ? e.kind : '')), ['markdown', 'image']);
    const digest = markdownOf(sent);
    assert.match(digest, /风控告警（2 条）/);
    assert.ok(digest.indexOf('N1') < digest.indexOf('N2'), 'the loss (critical) comes before the lag (warning)');
    assert.match(digest, /\*\*盈亏偏低\*\* BTC · 客户 C1：pnl_bps -100\.0，低于 P5 -19\.0（P95 17\.0，样本 41）· 锁价单 N1/);
  });

  test('an unhedged lock past unhedged_after, and a round trip whose second lock comes a cycle later', async () => {
    await insertOrders(app.database.pool, [{ id: 'R2', at: T + 6 * MIN, coin: 'ETH', price: 3010, side: 'sell', clientId: 'C9', amount: 2, bps: 0, lagSeconds: 10 }]);
    clock.set(new Date(T + 13 * MIN));
    const before = pushes().length;
    const outcome = await runAlertCycle(app.services);
    assert.equal(outcome.ok, true, outcome.error);
    assert.deepEqual(outcome.created, { unhedged: 1, roundtrip: 1 });
    const digest = markdownOf(pushes().slice(before));
    assert.match(digest, /\*\*未对冲\*\* BTC · 客户 C1：买入 1 @ 100000（名义 100000\.00 USDT），11分 未对冲（阈值 10分）· 锁价单 N3/);
    assert.match(digest, /\*\*客户来回交易\*\* ETH\/USDT · 客户 C9：买 2 @ 3000（R1），卖 2 @ 3010（R2），相隔 180 秒，客户收益 20\.00 USDT/);
  });

  test('nothing is sent twice; a muted alert is recorded, not sent, and listed as muted', async () => {
    assert.match(replyAsText(await app.ask('/alerts mute coin=SOL 1h 新币种，波动大')), /已静默 #1：coin=SOL/);
    await insertOrders(app.database.pool, [{ id: 'S1', at: T + 15 * MIN, coin: 'SOL', price: 200, bps: -500, lagSeconds: 5 }]);
    clock.set(new Date(T + 20 * MIN));
    const before = pushes().length;
    const outcome = await runAlertCycle(app.services);
    assert.equal(outcome.ok, true, outcome.error);
    assert.deepEqual(outcome.created, { pnl: 1 });
    assert.equal(pushes().length, before, 'no new message: the only new alert is muted');
    const history = replyAsText(await app.ask('/alerts history'));
    assert.match(history, /pnl:S1 \| SOL \| C1 \| 已静默 #1/);
    assert.match(history, /roundtrip:R1:R2 .*已发 1/);
    const audit = await app.database.pool.query("SELECT action FROM otc_bot.audit_log WHERE action LIKE 'alerts.%' ORDER BY id");
    assert.deepEqual(audit.rows.map((r) => r.action), ['alerts.subscribe', 'alerts.mute']);
  });

  test('/alerts status shows the last cycle, subscriptions and the silence', async () => {
    const status = replyAsText(await app.ask('/alerts status'));
    assert.match(status, /成功/);
    assert.match(status, /#1 coin=SOL/);
    assert.match(status, /alerts\.unhedged_after \| 10m/);
    assert.match(replyAsText(await app.ask('/alerts unmute 1')), /已解除静默 #1/);
    // Removing a subscription waits for /confirm (issue 9).
    const asked = replyAsText(await app.ask('/unsubscribe lag'));
    assert.match(asked, /即将让本会话不再接收：lag/);
    assert.match(replyAsText(await app.ask(`/confirm ${/confirm (\d{6})/.exec(asked)?.[1]}`)), /已退订：lag/);
  });

  test('/alerts test runs a cycle and previews the recent window to the asker only', async () => {
    const before = pushes().length;
    const reply = await app.ask('/alerts test 1h');
    const shown = replyAsText(reply);
    assert.match(shown, /告警周期已运行/);
    assert.match(shown, /预览：最近 1h 的订单按当前规则共 \d+ 条告警/);
    // oldWild (locked before the first start) is in the preview, and was never pushed.
    assert.match(shown, /锁价单 oldWild/);
    assert.doesNotMatch(markdownOf(pushes()), /oldWild/);
    assert.equal(pushes().length, before);
    assert.match(replyAsText(await app.ask('/subscribe pnl nonsense')), /未知告警类型「nonsense」/);
  });

  test('a silence set while an alert waits for delivery holds it back too', async () => {
    const at = new Date(clock.now());
    await createAlertRepository(app.database.pool).record(
      [{ key: 'unhedged:X9', type: 'unhedged', rule: 'unhedged', severity: 'critical', weight: 1, coin: 'BTC', clientId: 'C1', lockId: 'X9', occurredAt: at, details: { side: 'buy', quoteCoin: 'USDT', amount: 1, price: 1, notional: 1, openSeconds: 700, afterSeconds: 600 }, silenceId: null }],
      at,
    );
    assert.match(replyAsText(await app.ask('/alerts mute unhedged:X9 30m 已人工对冲')), /已静默 #2：unhedged:X9/);
    const before = pushes().length;
    await runAlertCycle(app.services);
    assert.equal(pushes().length, before);
    assert.match(replyAsText(await app.ask('/alerts history 3')), /unhedged:X9 \| BTC \| C1 \| 已静默 #2/);
  });

  test('a conversation that subscribes later gets new alerts only, not the backlog', async () => {
    assert.match(replyAsText(await app.ask('/subscribe all', { conversationId: 'late-group' })), /已订阅/);
    await runAlertCycle(app.services);
    assert.equal((app.console?.list('late-group') ?? []).length, 0, 'no push of alerts written before the subscription');
  });
});
