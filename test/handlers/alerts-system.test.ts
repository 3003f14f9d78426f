// System alerts: the source database going away, the cycle failing twice (in detection or in
// delivery), a conversation whose pushes keep failing and an instance whose DingTalk stream stays down
// reach `system` subscribers once each (reminders rate-limited), and recover with a "已恢复" line.
// The schedule follows a change of alerts.cron.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fixedClock } from '../../src/domain/clock.js';
import { runAlertCycle } from '../../src/handlers/jobs/alert-cycle.js';
import { replyAsText } from '../../src/bot/reply.js';
import { createAlertRepository } from '../../src/adapters/db/alert-repository.js';
import type { PushSender } from '../../src/bot/push.js';
import { alertKeys } from '../../src/domain/alerts/types.js';
import { instanceName } from '../../src/handlers/alerts/system-alerts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const clock = fixedClock('2026-11-25T08:00:00Z');
let app: TestApp;
const ops = () => (app.console?.list('ops') ?? []).flatMap((e) => (e.from === 'bot' && e.kind === 'markdown' ? [e.markdown] : []));
const botMarkdown = (conversationId: string) =>
  (app.console?.list(conversationId) ?? []).flatMap((e) => (e.from === 'bot' && e.kind === 'markdown' ? [e.markdown] : []));
const MIN = 60_000;

/** Pushes to `conversationId` fail while `broken()` says so; the rest go through as before. */
function breakPushesTo(conversationId: string, broken: () => boolean): () => void {
  const push = app.services.push as { push: PushSender['push'] };
  const original = push.push;
  push.push = async (id, parts, options) => {
    if (id === conversationId && broken()) throw new Error('DingTalk robot/groupMessages/send failed: robot removed (HTTP 400)');
    return original(id, parts, options);
  };
  return () => {
    push.push = original;
  };
}

async function plantUnhedged(lockId: string): Promise<void> {
  const at = clock.now();
  await createAlertRepository(app.database.pool).record(
    [
      {
        key: alertKeys.unhedged(lockId),
        type: 'unhedged',
        rule: 'unhedged',
        severity: 'critical',
        weight: 1,
        coin: 'BTC',
        clientId: 'C1',
        lockId,
        occurredAt: at,
        details: { side: 'buy', quoteCoin: 'USDT', amount: 1, price: 1, notional: 1, openSeconds: 700, afterSeconds: 600 },
        silenceId: null,
      },
    ],
    at,
  );
}

before(async () => {
  app = await startTestApp({ clock });
  assert.match(replyAsText(await app.ask('/subscribe system', { conversationId: 'ops' })), /system/);
});
after(async () => {
  await app.close();
});

describe('system alerts', () => {
  test('source unreachable, then the cycle failing twice, then both recovered', async () => {
    assert.equal((await runAlertCycle(app.services)).ok, true);
    await app.database.pool.query('ALTER TABLE otc_lock_orders RENAME TO otc_lock_orders_away');
    clock.advance(5 * 60_000);
    const first = await runAlertCycle(app.services);
    assert.equal(first.ok, false);
    assert.deepEqual(first.created, { system: 1 });
    assert.match(ops().join('\n'), /系统告警\*\* 源数据库不可达：.*otc_lock_orders/);

    clock.advance(5 * 60_000);
    const second = await runAlertCycle(app.services);
    assert.deepEqual(second.created, { system: 1 }, 'the cycle failing twice; the source reminder waits an hour');
    assert.match(ops().join('\n'), /告警周期连续失败/);
    assert.equal(app.services.runtime.lastAlertCycle?.ok, false);

    await app.database.pool.query('ALTER TABLE otc_lock_orders_away RENAME TO otc_lock_orders');
    clock.advance(5 * 60_000);
    const third = await runAlertCycle(app.services);
    assert.equal(third.ok, true);
    const last = ops().at(-1) ?? '';
    assert.match(last, /已恢复\*\* 源数据库不可达（持续 10分）/);
    assert.match(last, /已恢复\*\* 告警周期连续失败/);
    assert.equal(ops().length, 3, 'one message per cycle');
  });

  test('a conversation whose pushes keep failing: the other system subscribers hear it, the failing one does not', async () => {
    await app.ask('/subscribe system unhedged', { conversationId: 'broken' });
    let broken = true;
    const restore = breakPushesTo('broken', () => broken);
    try {
      const before = ops().length;
      await plantUnhedged('PF1');
      clock.advance(5 * MIN);
      assert.equal((await runAlertCycle(app.services)).delivery.failed, 1);
      clock.advance(5 * MIN);
      assert.deepEqual((await runAlertCycle(app.services)).created, {}, 'one failure is not yet trouble');
      clock.advance(5 * MIN);
      const third = await runAlertCycle(app.services);
      assert.deepEqual(third.created, { system: 1 });
      assert.equal(ops().length, before + 1);
      assert.match(ops().at(-1) ?? '', /系统告警\*\* 告警消息发送失败（broken）：.*robot removed/);
      const { rows } = await app.database.pool.query(
        `SELECT d.conversation_id FROM otc_bot.alert_deliveries d JOIN otc_bot.alert_outbox o ON o.id = d.alert_id WHERE o.alert_key LIKE 'system:push_failing:broken:%'`,
      );
      assert.deepEqual(rows.map((r) => r.conversation_id), ['ops'], 'not queued for the failing conversation itself');

      clock.advance(5 * MIN);
      assert.deepEqual((await runAlertCycle(app.services)).created, {}, 'still failing: the reminder waits an hour');
      broken = false;
      clock.advance(5 * MIN);
      const delivered = await runAlertCycle(app.services);
      assert.equal(delivered.delivery.sent, 1, 'the waiting digest gets through');
      clock.advance(5 * MIN);
      const recovered = await runAlertCycle(app.services);
      assert.deepEqual(recovered.created, { system: 1 });
      assert.match(ops().at(-1) ?? '', /已恢复\*\* 告警消息发送失败（broken）（持续 /);
      assert.doesNotMatch(botMarkdown('broken').join('\n'), /告警消息发送失败/, 'the failing conversation got neither line');
      assert.match(botMarkdown('broken').join('\n'), /锁价单 PF1/);
    } finally {
      restore();
      await app.ask('/unsubscribe system unhedged', { conversationId: 'broken' });
    }
  });

  test('cycles failing in delivery twice raise cycle_failing; it recovers once a cycle gets through', async () => {
    const before = ops().length;
    await app.database.pool.query('ALTER TABLE otc_bot.alert_batches RENAME TO alert_batches_away');
    try {
      clock.advance(5 * MIN);
      assert.equal((await runAlertCycle(app.services)).ok, false);
      clock.advance(5 * MIN);
      const second = await runAlertCycle(app.services);
      assert.equal(second.ok, false);
      assert.deepEqual(second.created, { system: 1 }, 'recorded at the end of the second failing cycle');
    } finally {
      await app.database.pool.query('ALTER TABLE otc_bot.alert_batches_away RENAME TO alert_batches');
    }
    clock.advance(5 * MIN);
    const third = await runAlertCycle(app.services);
    assert.equal(third.ok, true, third.error);
    assert.match(ops().at(-1) ?? '', /系统告警\*\* 告警周期连续失败：.*alert_batches/);
    assert.deepEqual(third.created, { system: 1 }, 'the recovery, recorded once this cycle got through');
    clock.advance(5 * MIN);
    await runAlertCycle(app.services);
    assert.match(ops().at(-1) ?? '', /已恢复\*\* 告警周期连续失败/);
    assert.equal(ops().length, before + 2);
  });

  test('the schedule runs cycles and follows a change of alerts.cron', async () => {
    const scheduled = await startTestApp({ jobs: true, env: { ALERT_CRON: '* * * * * *' } });
    try {
      assert.equal(scheduled.services.alertSchedule?.cron(), '* * * * * *');
      const deadline = Date.now() + 5000;
      while (!scheduled.services.runtime.lastAlertCycle && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(scheduled.services.runtime.lastAlertCycle?.ok, 'a scheduled cycle ran');
      const result = await scheduled.services.settings.apply(new Map([['alerts.cron', '0 */2 * * *']]), { staffId: 'console-admin' });
      assert.equal(result.ok, true);
      while (scheduled.services.alertSchedule?.cron() !== '0 */2 * * *' && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 50));
      assert.equal(scheduled.services.alertSchedule?.cron(), '0 */2 * * *');
      assert.equal((scheduled.services.alertSchedule?.nextRun()?.getUTCMinutes() ?? -1), 0);
    } finally {
      await scheduled.close();
    }
  });

  test('no overlap: a second run while one is running is skipped; one tick runs once across instances', async () => {
    const [a, b] = await Promise.all([runAlertCycle(app.services), runAlertCycle(app.services)]);
    assert.deepEqual([a.ran, b.ran].sort(), [false, true]);
    assert.equal((a.ran ? b : a).skipped, 'busy');
    const other = await startTestApp({ clock, database: app.database });
    try {
      const tick = new Date('2026-11-25T09:00:00Z');
      const runs = await Promise.all([runAlertCycle(app.services, { tick }), runAlertCycle(other.services, { tick })]);
      assert.equal(runs.filter((run) => run.ran).length, 1, JSON.stringify(runs.map((run) => run.skipped)));
      assert.equal((await runAlertCycle(other.services, { tick })).skipped, 'tick-done');
    } finally {
      await other.stop();
    }
  });

  test('a stream down for long is raised by its own instance, also on ticks another instance runs', async () => {
    const other = await startTestApp({ clock, database: app.database });
    try {
      const runtime = app.services.runtime;
      const instance = instanceName(runtime);
      // `other` is connected (console mode: no stream at all); `app` lost its stream a minute ago.
      runtime.stream = { connected: false, since: new Date(clock.now().getTime() - MIN), reconnects: 3 };
      const dropped = runtime.stream.since as Date;
      // Both consoles: whichever instance runs the cycle delivers.
      const sent = () => [...ops(), ...(other.console?.list('ops') ?? []).flatMap((e) => (e.from === 'bot' && e.kind === 'markdown' ? [e.markdown] : []))];
      const before = sent().length;
      const tick = (minutes: number) => new Date(Date.parse('2026-11-25T10:00:00Z') + minutes * MIN);

      assert.equal((await runAlertCycle(app.services, { tick: tick(0) })).ran, true);
      assert.equal(sent().length, before, 'down for one minute: not yet an alert');

      clock.advance(5 * MIN);
      assert.equal((await runAlertCycle(other.services, { tick: tick(5) })).ran, true);
      assert.equal((await runAlertCycle(app.services, { tick: tick(5) })).skipped, 'tick-done');
      assert.equal(sent().length, before, 'recorded by the disconnected instance, sent by the next cycle');
      clock.advance(5 * MIN);
      assert.equal((await runAlertCycle(other.services, { tick: tick(10) })).ran, true);
      assert.equal(sent().length, before + 1);
      assert.match(sent().at(-1) ?? '', new RegExp(`系统告警\\*\\* 钉钉 Stream 连接长时间断开（${instance.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}）：reconnects=3`));
      const { rows } = await app.database.pool.query("SELECT since FROM otc_bot.alert_system_state WHERE condition = $1", [`stream_disconnected:${instance}`]);
      assert.equal(rows[0].since.getTime(), dropped.getTime(), 'since the drop, not since it was noticed');

      // The connected instance running cycles never closes it; only the instance itself does.
      clock.advance(5 * MIN);
      await runAlertCycle(other.services, { tick: tick(15) });
      assert.equal(sent().length, before + 1);
      runtime.stream = { connected: true, since: clock.now(), reconnects: 4 };
      assert.equal((await runAlertCycle(app.services, { tick: tick(15) })).skipped, 'tick-done');
      clock.advance(5 * MIN);
      await runAlertCycle(other.services, { tick: tick(20) });
      assert.match(sent().at(-1) ?? '', /已恢复\*\* 钉钉 Stream 连接长时间断开（.*）（持续 /);
      assert.equal(sent().length, before + 2);
    } finally {
      app.services.runtime.stream = null;
      await other.stop();
    }
  });
});
