import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
const say = async (line: string, as?: Parameters<TestApp['ask']>[1]) => replyAsText(await app.ask(line, as));
const codeIn = (reply: string) => {
  const code = /\/confirm (\d{6})/.exec(reply)?.[1];
  assert.ok(code, `a confirmation code in: ${reply}`);
  return code;
};
const stored = async () => (await app.database.pool.query('SELECT key, value FROM otc_bot.settings ORDER BY key')).rows;
const pendingCount = async () => (await app.database.pool.query(`SELECT count(*)::int AS n FROM otc_bot.pending_confirmations WHERE state = 'pending'`)).rows[0].n;

before(async () => {
  app = await startTestApp({ sourceTables: false, env: { ALERT_CRON: '*/3 * * * *' } });
});
after(async () => {
  await app.close();
});

describe('/config', () => {
  test('show lists value, default, source and description in Chinese; a prefix narrows it', async () => {
    const all = await say('/config show');
    assert.match(all, /### 运行设置/);
    assert.match(all, /\| 设置项 \| 当前值 \| 默认值 \| 来源 \| 说明 \|/);
    assert.match(all, /\| alerts\.cron \| \*\/3 \* \* \* \* \| \*\/3 \* \* \* \* \| 默认（环境变量 ALERT_CRON） \| 告警周期的执行时间/);
    assert.match(all, /\| alerts\.unhedged_after \| 10m \| 10m \| 默认 \| 锁价后超过此时长仍未匹配到对冲，即告警为未对冲（时长，范围 1m ~ 1d） \|/);
    const some = await say('/配置 查看 matching');
    assert.match(some, /运行设置：matching/);
    assert.doesNotMatch(some, /alerts\./);
    assert.match(await say('/config show nothing.here'), /没有以「nothing\.here」开头的设置项/);
  });

  test('set answers with a diff and a code; /confirm applies it, audited and visible in show and history', async () => {
    const asked = await say('/config set alerts.unhedged_after=15m');
    assert.match(asked, /待确认的设置修改/);
    assert.match(asked, /\| alerts\.unhedged_after \| 10m \| 15m \| 立即 \|/);
    assert.match(asked, /请在 60 秒内发送 \/confirm \d{6} 确认，或 \/cancel \d{6} 取消。/);
    assert.equal((await app.services.settings.snapshot()).number('alerts.unhedged_after'), 600_000, 'nothing changes before /confirm');

    const done = await say(`/确认 ${codeIn(asked)}`);
    assert.match(done, /设置已生效/);
    assert.match(done, /已修改 1 项设置，立即生效/);
    assert.equal((await app.services.settings.snapshot()).number('alerts.unhedged_after'), 900_000);
    assert.match(await say('/config show alerts.unhedged'), /\| alerts\.unhedged_after \| 15m \| 10m \| 已修改（console-admin，\d{4}-\d\d-\d\d \d\d:\d\d） \|/);

    const history = await say('/config history alerts.unhedged_after');
    assert.match(history, /alerts\.unhedged_after 的修改记录/);
    assert.match(history, /\| console-admin \| 修改 \| 10m \| 15m \|/);
    const [row] = (await app.database.pool.query(`SELECT actor_staff_id, action, before, after FROM otc_bot.audit_log WHERE subject = 'setting:alerts.unhedged_after'`)).rows;
    assert.deepEqual(row, { actor_staff_id: 'console-admin', action: 'setting.set', before: 600_000, after: 900_000 });
  });

  test('several keys at once, in one confirmation', async () => {
    const asked = await say('/config set alerts.percentile_high=97 alerts.metric=pnl coin.exchanges=binance,okx');
    assert.match(asked, /\| alerts\.percentile_high \| 95 \| 97 \| 立即 \|/);
    assert.match(asked, /\| coin\.exchanges \| htx,binance,okx,bybit \| binance,okx \| 立即 \|/);
    await say(`/confirm ${codeIn(asked)}`);
    const snapshot = await app.services.settings.snapshot();
    assert.equal(snapshot.number('alerts.percentile_high'), 97);
    assert.equal(snapshot.string('alerts.metric'), 'pnl');
    assert.deepEqual(snapshot.list('coin.exchanges'), ['binance', 'okx']);
  });

  test('any invalid value refuses the whole change, names each problem, and changes nothing', async () => {
    const before = await stored();
    const pending = await pendingCount();
    const reply = await say('/config set alerts.percentile_low=1 alerts.percentile_high=150 alerts.unhedged_after=15 alerts.cron="*/10 * * *" alerts.typo=1');
    assert.match(reply, /^设置未修改，以下取值有误：/);
    assert.match(reply, /• alerts\.percentile_high：150 超出允许范围 50\.1 ~ 99\.9/);
    assert.match(reply, /• alerts\.unhedged_after：「15」缺少单位/);
    assert.match(reply, /• alerts\.cron：「\*\/10 \* \* \*」不是有效的 cron 表达式/);
    assert.match(reply, /• 没有设置项「alerts\.typo」/);
    assert.doesNotMatch(reply, /percentile_low/, 'the valid one is not listed as a problem');
    assert.deepEqual(await stored(), before);
    assert.equal(await pendingCount(), pending, 'no confirmation is created');
  });

  test('cross-setting rules are checked on the combined change', async () => {
    assert.match(await say('/config set liq.ltv=0.85'), /liq\.liq：须满足 初始质押率 < 补仓线 < 平仓线（现为 0\.85 \/ 0\.8 \/ 0\.9）/);
    const both = await say('/config set liq.ltv=0.85 liq.call=0.88 liq.liq=0.95');
    await say(`/confirm ${codeIn(both)}`);
    assert.equal((await app.services.settings.snapshot()).number('liq.call'), 0.88);
  });

  test('a key changed by someone else between the diff and /confirm is refused as a whole', async () => {
    const mine = await say('/config set alerts.min_samples=50 alerts.roundtrip_window=10m');
    const theirs = await say('/config set alerts.min_samples=40', { staffId: 'console-admin' });
    await say(`/confirm ${codeIn(theirs)}`);
    const refused = await say(`/confirm ${codeIn(mine)}`);
    assert.match(refused, /设置未修改[\s\S]*alerts\.min_samples：在您确认之前已被他人修改/);
    const snapshot = await app.services.settings.snapshot();
    assert.equal(snapshot.number('alerts.min_samples'), 40);
    assert.equal(snapshot.number('alerts.roundtrip_window'), 300_000, 'the other key of the refused change is untouched');
  });

  test('reset goes back to the default; unchanged values need no confirmation', async () => {
    assert.match(await say('/config set alerts.percentile_high=97'), /没有需要修改的内容：alerts\.percentile_high 已经是这个值/);
    assert.match(await say('/config reset alerts.lag_percentile'), /没有需要恢复的内容：alerts\.lag_percentile 已经是默认值/);
    const asked = await say('/config reset alerts.percentile_high');
    assert.match(asked, /\| alerts\.percentile_high \| 97 \| 95 \| 立即 \|/);
    await say(`/confirm ${codeIn(asked)}`);
    assert.match(await say('/config show alerts.percentile_high'), /\| alerts\.percentile_high \| 95 \| 95 \| 默认 \|/);
    assert.match(await say('/config history alerts.percentile_high'), /\| 恢复默认 \| 97 \| 95 \|/);
  });

  test('typing help: unquoted cron, a set without the word, a misspelt key', async () => {
    assert.match(await say('/config set alerts.cron=*/10 * * * *'), /\| alerts\.cron \| \*\/3 \* \* \* \* \| \*\/10 \* \* \* \* \| 立即 \|/);
    assert.match(await say('/config alerts.roundtrip_scope=any'), /\| alerts\.roundtrip_scope \| client \| any \|/);
    assert.match(await say('/config set unhedged_after=20m'), /没有设置项「unhedged_after」，您是不是想写：alerts\.unhedged_after？/);
    assert.match(await say('/config set'), /请写出要修改的设置/);
    assert.match(await say('/config history'), /请写出设置项/);
    assert.match(await say('/config history alerts.roundtrip_scope'), /还没有修改记录，当前为默认值 client/);
  });

  test('replies in English for a user who chose English', async () => {
    await app.services.preferences.setLocale('console-admin', 'en');
    try {
      assert.match(await say('/config set alerts.percentile_low=70'), /Nothing was changed; these values are invalid:\n• alerts\.percentile_low: 70 is outside the allowed range 0\.1 ~ 49\.9/);
      assert.match(await say('/config show locale'), /\| locale \| zh-CN \| zh-CN \| default \(environment LOCALE\) \| Default reply language/);
    } finally {
      await app.services.preferences.setLocale('console-admin', 'zh-CN');
    }
  });

  test('a non-admin can neither read nor change settings', async () => {
    await app.services.roles.grant({ kind: 'user', id: 'risky' }, 'risk', 'test');
    const before = await stored();
    for (const line of ['/config show', '/config set alerts.unhedged_after=30m', '/config reset alerts.unhedged_after', '/config history alerts.unhedged_after']) {
      const reply = await say(line, { staffId: 'risky' });
      assert.equal(reply, '/config 需要「管理员」权限。');
    }
    assert.match(await say('/config show', { staffId: 'stranger' }), /还没有使用本机器人的权限/);
    assert.doesNotMatch(await say('/help', { staffId: 'risky' }), /\/config/);
    assert.deepEqual(await stored(), before);
  });
});
