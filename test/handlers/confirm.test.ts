import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { fixedClock } from '../../src/domain/clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const clock = fixedClock('2026-11-25T08:00:00Z');
let app: TestApp;
const say = async (line: string, as?: Parameters<TestApp['ask']>[1]) => replyAsText(await app.ask(line, as));
const codeIn = (reply: string) => {
  const code = /\/confirm (\d{6})/.exec(reply)?.[1];
  assert.ok(code, `a confirmation code in: ${reply}`);
  return code;
};
const unhedgedAfter = async () => (await app.services.settings.snapshot()).number('alerts.unhedged_after');

before(async () => {
  app = await startTestApp({ sourceTables: false, clock, env: { ADMIN_STAFF_IDS: 'boss,deputy' } });
});
after(async () => {
  await app.close();
});

describe('/confirm and /cancel', () => {
  test('another admin cannot confirm or cancel my change; I still can', async () => {
    const code = codeIn(await say('/config set alerts.unhedged_after=15m', { staffId: 'boss' }));
    assert.equal(await say(`/confirm ${code}`, { staffId: 'deputy' }), `确认码 ${code} 不是您发起的，只有发起人本人可以确认或取消。`);
    assert.match(await say(`/cancel ${code}`, { staffId: 'deputy' }), /不是您发起的/);
    assert.equal(await unhedgedAfter(), 600_000);
    assert.match(await say(`/confirm ${code}`, { staffId: 'boss' }), /设置已生效/);
    assert.equal(await unhedgedAfter(), 900_000);
    assert.equal(await say(`/confirm ${code}`, { staffId: 'boss' }), `确认码 ${code} 已经确认过了。`, 'a second /confirm does nothing');
  });

  test('after 60 s the code has expired and nothing changes', async () => {
    const code = codeIn(await say('/config set alerts.unhedged_after=20m', { staffId: 'boss' }));
    clock.advance(60_001);
    assert.equal(await say(`/confirm ${code}`, { staffId: 'boss' }), `确认码 ${code} 已过期（60 秒内有效），未做任何修改，请重新发起。`);
    assert.equal(await unhedgedAfter(), 900_000);
    // Within the minute is fine.
    const fresh = codeIn(await say('/config set alerts.unhedged_after=20m', { staffId: 'boss' }));
    clock.advance(59_000);
    assert.match(await say(`/confirm ${fresh}`, { staffId: 'boss' }), /设置已生效/);
    assert.equal(await unhedgedAfter(), 1_200_000);
  });

  test('a wrong code is refused without touching anything', async () => {
    const code = codeIn(await say('/config set alerts.unhedged_after=25m', { staffId: 'boss' }));
    const wrong = code === '999999' ? '999998' : '999999';
    assert.equal(await say(`/confirm ${wrong}`, { staffId: 'boss' }), `没有待确认的操作 ${wrong}，请检查确认码。`);
    assert.match(await say('/confirm abc', { staffId: 'boss' }), /没有待确认的操作 abc/);
    assert.match(await say('/confirm', { staffId: 'boss' }), /参数有误[\s\S]*用法: \/confirm CODE/);
    assert.equal(await unhedgedAfter(), 1_200_000);
    assert.equal(await say(`/取消 ${code}`, { staffId: 'boss' }), `已取消 ${code}，未做任何修改。`);
    assert.equal(await say(`/confirm ${code}`, { staffId: 'boss' }), `确认码 ${code} 已被取消，未做任何修改。`);
    assert.equal(await unhedgedAfter(), 1_200_000);
  });

  test('granting admin waits for /confirm and is audited once confirmed', async () => {
    const asked = await say('/role grant admin @carol', { staffId: 'boss' });
    assert.match(asked, /即将授予 @carol 管理员权限/);
    assert.equal(await app.services.roles.effectiveRole('carol', 'g'), null);
    assert.match(await say(`/confirm ${codeIn(asked)}`, { staffId: 'deputy' }), /不是您发起的/);
    assert.equal(await app.services.roles.effectiveRole('carol', 'g'), null);
    assert.match(await say(`/confirm ${codeIn(asked)}`, { staffId: 'boss' }), /已授权：@carol → 管理员（之前：无）/);
    assert.equal(await app.services.roles.effectiveRole('carol', 'g'), 'admin');
    const { rows } = await app.database.pool.query(`SELECT actor_staff_id, action, after FROM otc_bot.audit_log WHERE subject = 'user:carol'`);
    assert.deepEqual(rows, [{ actor_staff_id: 'boss', action: 'role.grant', after: { role: 'admin' } }]);
    // Lesser roles need no confirmation.
    assert.match(await say('/role grant trader @dave', { staffId: 'boss' }), /已授权：@dave → 交易员/);
  });

  test("removing a conversation's subscriptions waits for /confirm from the same admin", async () => {
    const subscriptions = async () =>
      (await app.database.pool.query(`SELECT alert_type FROM otc_bot.alert_subscriptions WHERE conversation_id = 'desk' ORDER BY alert_type`)).rows.map((r) => r.alert_type);
    await say('/subscribe pnl unhedged', { staffId: 'boss', conversationId: 'desk' });
    const asked = await say('/退订', { staffId: 'boss', conversationId: 'desk' });
    assert.match(asked, /即将让本会话不再接收：pnl（[^）]+）、unhedged（[^）]+）。/);
    assert.match(await say(`/confirm ${codeIn(asked)}`, { staffId: 'deputy', conversationId: 'desk' }), /不是您发起的/);
    assert.deepEqual(await subscriptions(), ['pnl', 'unhedged']);
    assert.match(await say(`/confirm ${codeIn(asked)}`, { staffId: 'boss', conversationId: 'desk' }), /已退订/);
    assert.deepEqual(await subscriptions(), []);
    // Nothing left to lose: no confirmation needed.
    assert.match(await say('/unsubscribe lag', { staffId: 'boss', conversationId: 'desk' }), /^已退订/);
  });

  test('an admin who lost the role before confirming cannot complete the action', async () => {
    const asked = await say('/config set alerts.unhedged_after=30m', { staffId: 'carol' });
    await say('/role revoke admin @carol', { staffId: 'boss' });
    await say('/role grant trader @carol', { staffId: 'boss' });
    assert.equal(await say(`/confirm ${codeIn(asked)}`, { staffId: 'carol' }), `您已没有执行此操作所需的权限，确认码 ${codeIn(asked)} 未执行。`);
    assert.equal(await unhedgedAfter(), 1_200_000);
  });
});
