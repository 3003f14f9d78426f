// A long command gets "计算中…" at once through the session webhook, then its result; a failure still answers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { defineCommand } from '../../../src/bot/command.js';
import { type DingTalkMode, startDingTalk } from '../../../src/bot/dingtalk/index.js';
import { CommandRegistry } from '../../../src/bot/registry.js';
import { text } from '../../../src/bot/reply.js';
import { createRouter } from '../../../src/bot/router.js';
import { loadConfig } from '../../../src/config.js';
import { FAST_TIMINGS } from '../../support/fake-dingtalk/bot-on-fake.js';
import { FakeDingTalk } from '../../support/fake-dingtalk/fake-dingtalk.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const slow = (name: string, run: () => Promise<ReturnType<typeof text>>) =>
  defineCommand({ name, aliases: [], minRole: 'trader', summaryKey: 'help.summary', usage: `/${name}`, examples: [], args: z.object({}).strict(), run });

let fake: FakeDingTalk;
let app: TestApp;
let dingtalk: DingTalkMode;

before(async () => {
  fake = await FakeDingTalk.start();
  app = await startTestApp({ env: { ADMIN_STAFF_IDS: 'staff-001' }, sourceTables: false });
  const registry = new CommandRegistry([
    ...app.services.registry.commands,
    slow('slowpnl', async () => {
      await sleep(400);
      return text('P&L 7d: +12,345.67 USDT');
    }),
    slow('quickish', async () => {
      await sleep(150);
      return text('done quickly');
    }),
    slow('slowboom', async () => {
      await sleep(400);
      throw new Error('exchange timeout');
    }),
  ]);
  const router = createRouter({ ...app.services, registry }, { progressAfterMs: 100 });
  const config = loadConfig({ ...fake.env, DATABASE_URL: app.database.url });
  dingtalk = startDingTalk(config.dingtalk!, router, app.services, { timings: FAST_TIMINGS });
  await fake.waitFor(() => dingtalk.transport.client.connected, 10_000, 'connected');
});

after(async () => {
  await dingtalk.stop();
  await app.close();
  await fake.close();
});

test('a long command answers "计算中…" first, then the result', async () => {
  const { conversationId } = fake.say({ text: '/slowpnl', conversationId: 'cid-slow' });
  await fake.waitFor(() => fake.botMessages(conversationId).length === 2, 10_000, 'two messages');
  const [interim, result] = fake.botMessages(conversationId);
  assert.match(interim.text, /^计算中…/);
  assert.match(result.text, /^P&L 7d: \+12,345\.67 USDT/);
  assert.ok(result.at - interim.at >= 200, 'the interim reply came well before the result');
});

test('a long command that fails still gets a reply with an error id', async () => {
  const { conversationId } = fake.say({ text: '/slowboom', conversationId: 'cid-boom' });
  await fake.waitFor(() => fake.botMessages(conversationId).length === 2, 10_000, 'two messages');
  assert.match(fake.botMessages(conversationId)[1].text, /内部错误 \(错误编号 [0-9a-f]{8}\)/);
});

test('when "计算中…" is slow to deliver, the result still arrives after it', async () => {
  fake.faults.slowWebhooks.push(400);
  const { conversationId } = fake.say({ text: '/quickish', conversationId: 'cid-order' });
  await fake.waitFor(() => fake.botMessages(conversationId).length === 2, 10_000, 'two messages');
  assert.deepEqual(
    fake.botMessages(conversationId).map((m) => m.text.split('\n')[0]),
    ['计算中…', 'done quickly'],
  );
});
