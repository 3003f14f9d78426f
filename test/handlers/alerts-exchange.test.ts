// The system alert "exchange failing": venues are called only on demand (/coin, /liq), so the bot
// alerts on what its own calls saw. Failures of a venue over 10 minutes (at least 3 calls, no
// success in between) reach `system` subscribers once, name the venue and the last reason, and a
// later success closes it with "已恢复". One failing /coin, or a coin nobody lists, is no alert.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { fixedClock } from '../../src/domain/clock.js';
import { runAlertCycle } from '../../src/handlers/jobs/alert-cycle.js';
import { seedBtcScenario } from '../support/fake-exchange/btc-scenario.js';
import { type FakeExchange, startFakeExchange } from '../support/fake-exchange/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MIN = 60_000;
const clock = fixedClock('2026-11-25T08:00:00Z');
let app: TestApp;
let binance: FakeExchange;
let okx: FakeExchange;
const ops = () => (app.console?.list('ops') ?? []).flatMap((e) => (e.from === 'bot' && e.kind === 'markdown' ? [e.markdown] : []));
const status = async () => replyAsText(await app.ask('/status'));

before(async () => {
  [binance, okx] = await Promise.all([startFakeExchange({ venue: 'binance' }), startFakeExchange({ venue: 'okx' })]);
  seedBtcScenario(binance, okx);
  app = await startTestApp({ clock, env: { EXCHANGES: 'binance,okx', EXCHANGE_API_OVERRIDES: `binance=${binance.url},okx=${okx.url}` } });
  assert.match(replyAsText(await app.ask('/subscribe system', { conversationId: 'ops' })), /system/);
});
after(async () => {
  await app.close();
  await Promise.all([binance.close(), okx.close()]);
});

describe('system alert: exchange failing', () => {
  test('a coin nobody lists is no venue failure, however often it is asked for', async () => {
    assert.doesNotMatch(await status(), /交易所 binance（本进程调用）/, 'nothing recorded before any call');
    assert.match(replyAsText(await app.ask('/coin BTC')), /BTC\/USDT 流动性/);
    for (let i = 0; i < 3; i += 1) {
      assert.match(replyAsText(await app.ask('/coin NOPE')), /NOPE/);
      clock.advance(6 * MIN);
    }
    assert.deepEqual((await runAlertCycle(app.services)).created, {});
    const health = app.services.runtime.exchangeHealth.get('binance');
    assert.equal(health?.failures, 0);
    assert.equal(health?.failingSince, null);
    assert.match(await status(), /交易所 binance（本进程调用） \| 正常，最近成功 2026-11-25 16:00:00/);
  });

  test('failing on every call for 10 minutes: one digest naming the venue; reminders wait; a later success recovers', async () => {
    const before = ops().length;
    binance.failAlways('error', { status: 500 });
    try {
      const first = await app.ask('/coin BTC');
      assert.match(replyAsText(first), /binance/);
      clock.advance(5 * MIN);
      assert.deepEqual((await runAlertCycle(app.services)).created, {}, 'one failing /coin is not yet trouble');
      assert.equal(ops().length, before);

      clock.advance(6 * MIN);
      await app.ask('/coin BTC');
      const failing = await runAlertCycle(app.services);
      assert.deepEqual(failing.created, { system: 1 });
      assert.equal(ops().length, before + 1);
      const line = ops().at(-1) ?? '';
      assert.match(line, /系统告警\*\* 交易所接口持续失败（binance）：failures=4, last: OperationFailed: .*injected error.*（自 2026-11-25 16:18:00）/);
      assert.doesNotMatch(line, /okx|127\.0\.0\.1|http/, 'only the failing venue, no URL');
      assert.match(await status(), /交易所 binance（本进程调用） \| 连续失败 4 次（2026-11-25 16:18:00 至 2026-11-25 16:29:00，上次成功 2026-11-25 16:00:00）：OperationFailed/);
      assert.match(await status(), /交易所 okx（本进程调用） \| 正常/);

      clock.advance(5 * MIN);
      await app.ask('/coin BTC');
      assert.deepEqual((await runAlertCycle(app.services)).created, {}, 'still failing: the reminder waits an hour');
    } finally {
      binance.clearFailures();
    }
    clock.advance(5 * MIN);
    assert.deepEqual((await runAlertCycle(app.services)).created, {}, 'no call since: nothing known, nothing said');
    assert.match(replyAsText(await app.ask('/coin BTC')), /binance 现货/);
    clock.advance(5 * MIN);
    const recovered = await runAlertCycle(app.services);
    assert.deepEqual(recovered.created, { system: 1 });
    assert.match(ops().at(-1) ?? '', /已恢复\*\* 交易所接口持续失败（binance）（持续 /);
    assert.equal(ops().length, before + 2, 'one message when it started, one when it ended');
    assert.match(await status(), /交易所 binance（本进程调用） \| 正常/);
  });
});
