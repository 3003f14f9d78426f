import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
const say = async (line: string, as?: Parameters<TestApp['ask']>[1]) => replyAsText(await app.ask(line, { staffId: 'boss', ...as }));
const confirmed = async (line: string, as?: Parameters<TestApp['ask']>[1]) => {
  const asked = await say(line, as);
  const code = /\/confirm (\d{6})/.exec(asked)?.[1];
  assert.ok(code, asked);
  return say(`/confirm ${code}`, as);
};
const rows = async () =>
  (await app.database.pool.query('SELECT actor_staff_id, conversation_id, action, subject, before, after FROM otc_bot.audit_log ORDER BY id')).rows;

before(async () => {
  app = await startTestApp({ sourceTables: false, env: { ADMIN_STAFF_IDS: 'boss' } });
});
after(async () => {
  await app.close();
});

describe('audit', () => {
  test('settings changes and resets write who, where, what, before and after', async () => {
    await confirmed('/config set alerts.unhedged_after=15m alerts.metric=pnl', { conversationId: 'risk-group' });
    await confirmed('/config reset alerts.metric', { conversationId: 'risk-group' });
    assert.deepEqual(await rows(), [
      { actor_staff_id: 'boss', conversation_id: 'risk-group', action: 'setting.set', subject: 'setting:alerts.unhedged_after', before: 600_000, after: 900_000 },
      { actor_staff_id: 'boss', conversation_id: 'risk-group', action: 'setting.set', subject: 'setting:alerts.metric', before: 'pnl_bps', after: 'pnl' },
      { actor_staff_id: 'boss', conversation_id: 'risk-group', action: 'setting.reset', subject: 'setting:alerts.metric', before: 'pnl', after: 'pnl_bps' },
    ]);
  });

  test('role grants (admin after /confirm) and revocations write rows', async () => {
    await say('/role grant risk @rita');
    await confirmed('/role grant admin @ada');
    await say('/role revoke risk @rita');
    const roleRows = (await rows()).filter((row) => row.action.startsWith('role.'));
    assert.deepEqual(
      roleRows.map((row) => [row.action, row.subject, row.before, row.after]),
      [
        ['role.grant', 'user:rita', null, { role: 'risk' }],
        ['role.grant', 'user:ada', null, { role: 'admin' }],
        ['role.revoke', 'user:rita', { role: 'risk' }, null],
      ],
    );
  });

  test('subscriptions (removal after /confirm) and silences write rows too', async () => {
    await say('/subscribe pnl lag', { conversationId: 'desk' });
    await confirmed('/unsubscribe lag', { conversationId: 'desk' });
    assert.match(await say('/alerts mute lag 2h 交易所维护', { conversationId: 'desk' }), /已静默 #1/);
    await say('/alerts unmute 1', { conversationId: 'desk' });
    const alertRows = (await rows()).filter((row) => row.action.startsWith('alerts.'));
    assert.deepEqual(
      alertRows.map((row) => [row.action, row.subject, row.conversation_id, row.actor_staff_id]),
      [
        ['alerts.subscribe', 'conversation:desk', 'desk', 'boss'],
        ['alerts.unsubscribe', 'conversation:desk', 'desk', 'boss'],
        ['alerts.mute', 'silence:1', 'desk', 'boss'],
        ['alerts.unmute', 'silence:1', 'desk', 'boss'],
      ],
    );
    assert.deepEqual([alertRows[1].before, alertRows[1].after], [{ alertTypes: ['lag', 'pnl'] }, { alertTypes: ['pnl'] }]);
    const shown = await say('/audit 4');
    assert.match(shown, /\| boss \| 解除静默 \| 静默 1 \| lag · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · 交易所维护 \| - \|/);
    assert.match(shown, /\| boss \| 退订告警 \| 会话 desk \| lag,pnl \| pnl \|/);
  });

  test('/audit reads naturally in Chinese, newest first, and filters by key', async () => {
    const all = await say('/审计 10');
    assert.match(all, /### 审计日志（最近 10 条）/);
    assert.match(all, /\| 时间 \| 操作人 \| 操作 \| 对象 \| 之前 \| 之后 \|/);
    assert.match(all, /\| boss \| 撤销权限 \| 用户 rita \| 风控 \| - \|/);
    assert.match(all, /\| boss \| 设置恢复默认 \| 设置 alerts\.metric \| pnl \| pnl_bps \|/);
    assert.ok(all.indexOf('解除静默') < all.indexOf('撤销权限'), 'newest first');
    assert.match(await say('/audit'), /\| boss \| 修改设置 \| 设置 alerts\.unhedged_after \| 10m \| 15m \|/);
    const settingsOnly = await say('/audit key=setting:');
    assert.match(settingsOnly, /最近 3 条/);
    assert.doesNotMatch(settingsOnly, /权限/);
    assert.match(await say('/audit key=alerts.metric'), /最近 2 条/);
    assert.match(await say('/audit 1'), /最近 1 条[\s\S]*解除静默/);
    assert.match(await say('/audit key=role.grant'), /最近 2 条/);
    assert.equal(await say('/audit key=nothing'), '暂无审计记录。');
  });

  test('the audit log is append-only: updates, deletes and truncation are refused', async () => {
    const { pool } = app.database;
    await assert.rejects(pool.query(`UPDATE otc_bot.audit_log SET actor_staff_id = 'someone-else'`), /append-only/);
    await assert.rejects(pool.query('DELETE FROM otc_bot.audit_log'), /append-only/);
    await assert.rejects(pool.query('TRUNCATE otc_bot.audit_log'), /append-only/);
    assert.equal((await rows()).length, 10);
  });

  test('a non-admin cannot read the audit log', async () => {
    await app.services.roles.grant({ kind: 'user', id: 'rita' }, 'risk', 'test');
    assert.equal(await say('/audit', { staffId: 'rita' }), '/audit 需要「管理员」权限。');
  });
});
