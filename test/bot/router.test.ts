import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { defineCommand } from '../../src/bot/command.js';
import { UserError } from '../../src/bot/errors.js';
import { CommandRegistry } from '../../src/bot/registry.js';
import { type ReplyPart, replyAsText, text } from '../../src/bot/reply.js';
import { createRouter } from '../../src/bot/router.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
const asText = (parts: ReplyPart[]) => replyAsText(parts);

before(async () => {
  app = await startTestApp();
  await app.ask('/role grant trader @trader-1');
  await app.ask('/role grant risk @risk-1');
});
after(async () => {
  await app.close();
});

describe('router: roles', () => {
  test('a user with no role gets one polite line naming who can grant access', async () => {
    const parts = await app.ask('/pnl 7d', { staffId: 'stranger' });
    assert.equal(parts.length, 1);
    const reply = asText(parts);
    assert.match(reply, /还没有使用本机器人的权限/);
    assert.match(reply, /console-admin/);
    assert.equal(reply.split('\n').length, 1);
  });

  test('a trader is refused an admin command with the role it needs', async () => {
    assert.match(asText(await app.ask('/role list', { staffId: 'trader-1' })), /\/role 需要「管理员」权限/);
  });

  test('/help shows only what the asking user may run', async () => {
    const traderHelp = asText(await app.ask('/help', { staffId: 'trader-1' }));
    assert.match(traderHelp, /\/status/);
    assert.doesNotMatch(traderHelp, /\/role/);
    assert.doesNotMatch(traderHelp, /\/audit/);
    const adminHelp = asText(await app.ask('/help'));
    assert.match(adminHelp, /\/role/);
    assert.match(asText(await app.ask('/help role', { staffId: 'trader-1' })), /没有可向您展示的命令 \/role/);
  });

  test('a conversation-wide grant lets every member in that group only', async () => {
    await app.ask('/role grant trader here', { conversationId: 'desk-group' });
    assert.match(asText(await app.ask('/help', { staffId: 'newcomer', conversationId: 'desk-group' })), /可用命令/);
    assert.match(asText(await app.ask('/help', { staffId: 'newcomer', conversationId: 'other-group' })), /还没有使用/);
  });
});

describe('router: commands and arguments', () => {
  test('Chinese aliases route to the same command', async () => {
    assert.equal(asText(await app.ask('/帮助')), asText(await app.ask('/help')));
  });

  test('unknown commands get "did you mean" suggestions among allowed commands', async () => {
    assert.match(asText(await app.ask('/hlep')), /您是不是想输入：\/help/);
    assert.match(asText(await app.ask('/stauts', { staffId: 'trader-1' })), /\/status/);
    assert.match(asText(await app.ask('/zzzzzzzz')), /未知命令 \/zzzzzzzz。发送 \/help/);
    // a trader is not told about admin commands
    assert.doesNotMatch(asText(await app.ask('/rol', { staffId: 'trader-1' })), /\/role/);
  });

  test('an invalid argument is answered with the reason and the usage', async () => {
    const reply = asText(await app.ask('/audit 0'));
    assert.match(reply, /参数有误：n: /);
    assert.match(reply, /用法: \/audit \[n\]/);
    assert.match(reply, /示例: \/audit/);
    assert.match(asText(await app.ask('/audit color=red')), /不认识的参数 color/);
    assert.match(asText(await app.ask('/status now')), /多余的参数「now」/);
  });

  test('a reply in English for a user who chose English', async () => {
    await app.services.preferences.setLocale('trader-1', 'en');
    assert.match(asText(await app.ask('/help', { staffId: 'trader-1' })), /Commands/);
    assert.match(asText(await app.ask('/audit', { staffId: 'trader-1' })), /needs the "admin" role/);
    await app.services.preferences.setLocale('trader-1', 'zh-CN');
  });
});

describe('router: errors', () => {
  const boom = defineCommand({
    name: 'boom',
    aliases: ['爆炸'],
    minRole: 'trader',
    summaryKey: 'help.summary',
    usage: '/boom [kind]',
    examples: ['/boom user'],
    positional: ['kind'],
    args: z.object({ kind: z.enum(['user', 'internal', 'slow', 'eager']).default('internal') }).strict(),
    async run(ctx, args) {
      if (args.kind === 'user') throw new UserError('role.unknownRole', { role: 'pilot' });
      if (args.kind === 'eager') await ctx.progress(text('查询中…'));
      if (args.kind === 'slow' || args.kind === 'eager') {
        await new Promise((done) => setTimeout(done, 120));
        return text('done');
      }
      throw new Error('database exploded at /secret/path.ts:12');
    },
  });
  const routerWithBoom = () =>
    createRouter({ ...app.services, registry: new CommandRegistry([...app.services.registry.commands, boom]) }, { progressAfterMs: 30 });

  test('a UserError is shown in the user language with the usage', async () => {
    const reply = asText(await routerWithBoom().handle({ text: '/boom user', staffId: 'trader-1', nick: 't', conversation: { id: 'g', type: 'group' } }));
    assert.match(reply, /未知角色「pilot」/);
    assert.match(reply, /用法: \/boom \[kind\]/);
  });

  test('an internal error answers with an error id and never the stack or message', async () => {
    const reply = asText(await routerWithBoom().handle({ text: '/boom', staffId: 'trader-1', nick: 't', conversation: { id: 'g', type: 'group' } }));
    assert.match(reply, /^内部错误 \(错误编号 [0-9a-f]{8}\)/);
    assert.doesNotMatch(reply, /exploded|secret|\.ts:|at /);
  });

  test('a slow command sends the interim reply first, then the result', async () => {
    const progress: string[] = [];
    const parts = await routerWithBoom().handle(
      { text: '/boom slow', staffId: 'trader-1', nick: 't', conversation: { id: 'g', type: 'group' } },
      async (part) => {
        progress.push(asText([part]));
      },
    );
    assert.deepEqual(progress, ['计算中…']);
    assert.equal(asText(parts), 'done');
  });

  test('a command that says "查询中…" itself at once gets no second interim line from the timer', async () => {
    const progress: string[] = [];
    const parts = await routerWithBoom().handle(
      { text: '/boom eager', staffId: 'trader-1', nick: 't', conversation: { id: 'g', type: 'group' } },
      async (part) => {
        progress.push(asText([part]));
      },
    );
    assert.deepEqual(progress, ['查询中…']);
    assert.equal(asText(parts), 'done');
  });
});
