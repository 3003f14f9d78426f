import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
const say = async (line: string, as?: Parameters<TestApp['ask']>[1]) => replyAsText(await app.ask(line, as));
const auditRows = async () =>
  (await app.database.pool.query('SELECT actor_staff_id, conversation_id, action, subject, before, after FROM otc_bot.audit_log ORDER BY id')).rows;

before(async () => {
  app = await startTestApp({ env: { ADMIN_STAFF_IDS: 'boss' } });
});
after(async () => {
  await app.close();
});

describe('/role and /audit', () => {
  test('deny by default, grant, then the user can run trader commands', async () => {
    assert.match(await say('/status', { staffId: 'alice' }), /还没有使用本机器人的权限.*boss/);
    assert.match(await say('/role grant trader @alice', { staffId: 'boss', conversationId: 'g1' }), /已授权：@alice → 交易员（之前：无）/);
    assert.match(await say('/status', { staffId: 'alice' }), /运行时长/);
    const [row] = await auditRows();
    assert.deepEqual(row, { actor_staff_id: 'boss', conversation_id: 'g1', action: 'role.grant', subject: 'user:alice', before: null, after: { role: 'trader' } });
  });

  test('mentions from DingTalk are used as the target', async () => {
    assert.match(await say('/role grant risk @Bob', { staffId: 'boss', mentions: ['staff-bob'] }), /@staff-bob → 风控/);
    assert.equal(await app.services.roles.effectiveRole('staff-bob', 'anywhere'), 'risk');
  });

  test('upgrading records the role before and after', async () => {
    await say('/role grant risk @alice', { staffId: 'boss' });
    const last = (await auditRows()).at(-1);
    assert.deepEqual([last?.before, last?.after], [{ role: 'trader' }, { role: 'risk' }]);
  });

  test('revoke removes the grant and is audited; revoking what is not granted says so', async () => {
    assert.match(await say('/role revoke risk @alice', { staffId: 'boss' }), /已撤销：@alice 的「风控」权限/);
    assert.equal(await app.services.roles.effectiveRole('alice', 'g1'), null);
    assert.equal((await auditRows()).at(-1)?.action, 'role.revoke');
    assert.match(await say('/role revoke risk @alice', { staffId: 'boss' }), /没有可撤销的授权/);
  });

  test('a conversation-wide grant covers everyone in that conversation', async () => {
    await say('/role grant trader here', { staffId: 'boss', conversationId: 'desk' });
    assert.equal(await app.services.roles.effectiveRole('anyone-here', 'desk'), 'trader');
    assert.equal(await app.services.roles.effectiveRole('anyone-here', 'elsewhere'), null);
    assert.equal((await auditRows()).at(-1)?.subject, 'conversation:desk');
  });

  test('configured admins cannot be revoked by chat; the last granted admin neither', async () => {
    assert.match(await say('/role revoke admin @boss', { staffId: 'boss' }), /配置中的管理员/);
    // Granting admin waits for /confirm (issue 9).
    const asked = await say('/role grant admin @carol', { staffId: 'boss' });
    await say(`/confirm ${/confirm (\d{6})/.exec(asked)?.[1]}`, { staffId: 'boss' });
    // boss (configured) + carol: two admins, so carol may go
    assert.match(await say('/role revoke admin @carol', { staffId: 'boss' }), /已撤销/);
  });

  test('bad role names and missing targets get usage help', async () => {
    assert.match(await say('/role grant pilot @x', { staffId: 'boss' }), /未知角色「pilot」[\s\S]*用法: \/role/);
    assert.match(await say('/role grant trader', { staffId: 'boss' }), /请 @ 要授权的用户/);
    assert.match(await say('/role promote trader @x', { staffId: 'boss' }), /参数有误：action/);
  });

  test('/role list and /audit show what happened', async () => {
    const list = await say('/role list', { staffId: 'boss' });
    assert.match(list, /\| 用户 \| staff-bob \| 风控 \| boss \|/);
    assert.match(list, /\| 会话 \| desk \| 交易员 \| boss \|/);
    assert.match(list, /配置中的管理员（ADMIN_STAFF_IDS）：boss\n/);
    const audit = await say('/audit 3', { staffId: 'boss' });
    assert.match(audit, /审计日志（最近 3 条）/);
    assert.match(audit, /撤销权限 \| 用户 carol \| 管理员 \| - \|/);
    assert.match(await say('/audit key=conversation:', { staffId: 'boss' }), /会话 desk/);
  });
});
