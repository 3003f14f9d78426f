// System alerts: the source database going away and the cycle failing twice reach `system`
// subscribers once each (reminders rate-limited), and recover with a "已恢复" line. The schedule
// follows a change of alerts.cron.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fixedClock } from '../../src/domain/clock.js';
import { runAlertCycle } from '../../src/handlers/jobs/alert-cycle.js';
import { replyAsText } from '../../src/bot/reply.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const clock = fixedClock('2026-11-25T08:00:00Z');
let app: TestApp;
const ops = () => (app.console?.list('ops') ?? []).flatMap((e) => (e.from === 'bot' && e.kind === 'markdown' ? [e.markdown] : []));

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
});
