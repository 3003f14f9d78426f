// Two bots on one database, as two running instances: a change confirmed on one reaches the other.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { startAlertScheduler } from '../../src/handlers/jobs/alert-scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let first: TestApp;
let second: TestApp;
const codeIn = (reply: string) => {
  const code = /\/confirm (\d{6})/.exec(reply)?.[1];
  assert.ok(code, `a confirmation code in: ${reply}`);
  return code;
};

/** Resolves with the keys of the next settings change an app hears (or fails after a while). */
function nextChange(app: TestApp): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no settings change heard within 5 s')), 5000);
    const unsubscribe = app.services.settingsChanges.subscribe((keys) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(keys);
    });
  });
}

before(async () => {
  first = await startTestApp({ sourceTables: false });
  second = await startTestApp({ database: first.database });
});
after(async () => {
  await second.close();
  await first.close();
});

describe('live reload across instances', () => {
  test('a change confirmed on one instance is heard once by each, and the next read sees it', async () => {
    const heardHere: string[][] = [];
    const unsubscribe = first.services.settingsChanges.subscribe((keys) => heardHere.push(keys));
    const heardThere = nextChange(second);
    const asked = replyAsText(await first.ask('/config set alerts.cron="*/2 * * * *" alerts.unhedged_after=3m'));
    replyAsText(await first.ask(`/confirm ${codeIn(asked)}`));
    // The writer emits at once, before the reply.
    assert.deepEqual(heardHere, [['alerts.cron', 'alerts.unhedged_after']]);
    assert.deepEqual(await heardThere, ['alerts.cron', 'alerts.unhedged_after']);
    const snapshot = await second.services.settings.snapshot();
    assert.equal(snapshot.string('alerts.cron'), '*/2 * * * *');
    assert.equal(snapshot.number('alerts.unhedged_after'), 180_000);
    // The writer ignores its own NOTIFY: give it time to arrive, then check nothing was emitted twice.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(heardHere.length, 1);
    unsubscribe();
  });

  test('a code asked on one instance can be confirmed on another (the pending action is in the database)', async () => {
    const heardByFirst = nextChange(first);
    const asked = replyAsText(await first.ask('/config reset alerts.cron'));
    assert.match(replyAsText(await second.ask(`/confirm ${codeIn(asked)}`)), /设置已生效/);
    assert.deepEqual(await heardByFirst, ['alerts.cron']);
    assert.equal((await first.services.settings.snapshot()).string('alerts.cron'), '*/5 * * * *');
  });

  test('the default reply language follows the locale setting in every instance; /lang still wins', async () => {
    const heardThere = nextChange(second);
    const asked = replyAsText(await first.ask('/config set locale=en'));
    await first.ask(`/confirm ${codeIn(asked)}`);
    await heardThere;
    // Each instance re-reads the setting when it hears the change.
    for (let waited = 0; (first.services.config.locale !== 'en' || second.services.config.locale !== 'en') && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(replyAsText(await second.ask('/help')), /### Commands/);
    assert.match(replyAsText(await first.ask('/help')), /### Commands/);
    await second.services.preferences.setLocale('console-admin', 'zh-CN');
    assert.match(replyAsText(await second.ask('/help')), /### 可用命令/);
    const back = replyAsText(await first.ask('/config reset locale'));
    assert.match(replyAsText(await first.ask(`/confirm ${codeIn(back)}`)), /设置已生效/);
    await first.database.pool.query(`DELETE FROM otc_bot.user_preferences`);
  });

  test("the other instance's alert schedule and thresholds follow a confirmed change", async () => {
    const scheduler = await startAlertScheduler(second.services);
    try {
      assert.equal(scheduler.cron(), '*/5 * * * *');
      const asked = replyAsText(await first.ask('/config set alerts.cron="7 * * * *" alerts.percentile_high=98'));
      await first.ask(`/confirm ${codeIn(asked)}`);
      for (let waited = 0; scheduler.cron() !== '7 * * * *' && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      assert.equal(scheduler.cron(), '7 * * * *');
      assert.equal(scheduler.nextRun()?.getUTCMinutes(), 7, 'the next cycle runs on the new schedule');
      // Rules read a snapshot per cycle: the next one sees the new threshold.
      assert.equal((await second.services.settings.snapshot()).number('alerts.percentile_high'), 98);
    } finally {
      await scheduler.stop();
    }
  });

  test('a refused change notifies nobody', async () => {
    const heard: string[][] = [];
    const unsubscribe = second.services.settingsChanges.subscribe((keys) => heard.push(keys));
    const asked = replyAsText(await first.ask('/config set alerts.min_samples=10'));
    await first.database.pool.query(`INSERT INTO otc_bot.settings (key, value, updated_by) VALUES ('alerts.min_samples', '12', 'sql')`);
    assert.match(replyAsText(await first.ask(`/confirm ${codeIn(asked)}`)), /已被他人修改/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(heard, []);
    unsubscribe();
  });
});

describe('the listener connection', () => {
  test('comes back after the database drops it, re-reads everything, and hears later changes', async () => {
    const everything = nextChange(second);
    // Kill every settings listener (both instances'); each reconnects after about a second.
    await first.database.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'otc-bot-settings-listener' AND datname = current_database()`,
    );
    const keys = await everything;
    assert.ok(keys.includes('alerts.cron') && keys.length > 10, 'after reconnecting, an instance treats every setting as possibly changed');
    const later = nextChange(second);
    const asked = replyAsText(await first.ask('/config set alerts.roundtrip_window=7m'));
    await first.ask(`/confirm ${codeIn(asked)}`);
    assert.deepEqual(await later, ['alerts.roundtrip_window']);
  });
});
