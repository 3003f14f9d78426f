// Replies and pushes as DingTalk shows them: webhook or OpenAPI, charts, files, long texts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDingTalkApi } from '../../../src/adapters/dingtalk/api-client.js';
import { createDingTalkStateRepository } from '../../../src/adapters/dingtalk/state-repository.js';
import { createLogger } from '../../../src/adapters/logger.js';
import { dingtalkPushSender } from '../../../src/bot/dingtalk/push-sender.js';
import { createReplySender, type ReplySender, type ReplyTarget } from '../../../src/bot/dingtalk/reply-sender.js';
import { file, image, markdown, text } from '../../../src/bot/reply.js';
import { FakeDingTalk } from '../../support/fake-dingtalk/fake-dingtalk.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let fake: FakeDingTalk;
let database: TestDatabase;
let replies: ReplySender;
const logger = createLogger('silent');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');

before(async () => {
  fake = await FakeDingTalk.start();
  database = await createTestDatabase();
  const api = createDingTalkApi({
    apiBase: fake.url,
    oapiBase: fake.url,
    appKey: fake.env.DINGTALK_CLIENT_ID,
    appSecret: fake.env.DINGTALK_CLIENT_SECRET,
    robotCode: fake.env.DINGTALK_CLIENT_ID,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  replies = createReplySender({ api, logger });
});

after(async () => {
  await database.drop();
  await fake.close();
});

/** A target as the transport builds it from a message the fake delivered (the webhook is real). */
function groupTarget(conversationId: string, expiresInMs = 60 * 60_000): ReplyTarget {
  const session = 'not-a-session';
  fake.openapi.sessions.set(session, { conversationId, expiresAt: Date.now() + expiresInMs });
  return {
    conversationId,
    type: 'group',
    staffId: 'staff-001',
    sessionWebhook: `${fake.url}/robot/sendBySession?session=${session}`,
    sessionWebhookExpiresAt: Date.now() + expiresInMs,
    locale: 'zh-CN',
  };
}

test('an expired session webhook falls back to OpenAPI, chart included', async () => {
  await replies.send(groupTarget('cid-expired', 1000), [markdown('盈亏', '### 盈亏\n| a | b |'), image('盈亏图', png)]);
  const sent = fake.botMessages('cid-expired');
  assert.deepEqual(sent.map((m) => [m.via, m.msgtype]), [['group', 'markdown'], ['group', 'image']]);
  assert.ok(sent[1].mediaId && fake.state.media.get(sent[1].mediaId)?.type === 'image');
});

test('a webhook DingTalk refuses (session gone) also falls back to OpenAPI', async () => {
  fake.faults.expireSessions = true;
  try {
    await replies.send(groupTarget('cid-refused'), [text('计算中…')]);
  } finally {
    fake.faults.expireSessions = false;
  }
  assert.deepEqual(fake.botMessages('cid-refused').map((m) => [m.via, m.text]), [['group', '计算中…']]);
});

test('a file goes out as a DingTalk file message; when upload fails its text is sent instead', async () => {
  await replies.send(groupTarget('cid-file'), [file('liquidity.txt', 'BTC depth 1%: 12.3M')]);
  const [sent] = fake.botMessages('cid-file');
  assert.equal(sent.msgtype, 'file');
  assert.equal(sent.fileName, 'liquidity.txt');
  assert.equal(fake.state.media.get(sent.mediaId ?? '')?.content.toString(), 'BTC depth 1%: 12.3M');

  fake.inject('mediaUpload', { status: 200, body: { errcode: 40004, errmsg: '不合法的媒体文件类型' } });
  await replies.send(groupTarget('cid-file-fallback'), [file('report.csv', 'coin,pnl\nBTC,12', 'text/csv')]);
  const [fallback] = fake.botMessages('cid-file-fallback');
  assert.equal(fallback.msgtype, 'text');
  assert.match(fallback.text, /report\.csv[\s\S]*coin,pnl\nBTC,12/);
});

test('a long reply arrives as several messages, each under the limit, only the first with @', async () => {
  const rows = Array.from({ length: 1500 }, (_, i) => `| C${i} | ${i} |`).join('\n');
  await replies.send(groupTarget('cid-long'), [markdown('表', `| coin | n |\n| --- | --- |\n${rows}`)]);
  const sent = fake.botMessages('cid-long');
  assert.ok(sent.length > 1);
  for (const message of sent) assert.ok(Buffer.byteLength(message.text) < 20_000);
  assert.deepEqual(sent.map((m) => m.atUserIds?.length ?? 0), [1, ...sent.slice(1).map(() => 0)]);
  assert.match(sent[1].text, /续 2\//);
});

test('pushes reach a group by its id and a 1:1 chat through the person met there', async () => {
  const state = createDingTalkStateRepository(database.pool);
  const push = dingtalkPushSender({ replies, state, locale: () => 'zh-CN', logger });
  await push.push('cid-alerts', [markdown('告警', '### 新订单异常')], { idempotencyKey: 'pnl:L1' });
  assert.deepEqual(fake.botMessages('cid-alerts').map((m) => [m.via, m.title]), [['group', '告警']]);

  await state.rememberConversation({ conversationId: 'cid-single-staff-5', type: 'single', title: null, staffId: 'staff-5' });
  fake.openapi.singleChats.set('staff-5', 'cid-single-staff-5');
  await push.push('cid-single-staff-5', [text('未对冲 L2')], { idempotencyKey: 'unhedged:L2' });
  assert.deepEqual(fake.botMessages('cid-single-staff-5').map((m) => [m.via, m.staffId, m.text]), [['user-api', 'staff-5', '未对冲 L2']]);

  fake.openapi.invalidStaffIds.add('staff-6');
  await state.rememberConversation({ conversationId: 'cid-single-staff-6', type: 'single', title: null, staffId: 'staff-6' });
  await assert.rejects(push.push('cid-single-staff-6', [text('x')], { idempotencyKey: 'k' }), /InvalidStaffId.*staff-6/);
});

test('a chart pushed to several conversations is uploaded once; a failed upload is tried again', async () => {
  const push = dingtalkPushSender({ replies, state: createDingTalkStateRepository(database.pool), locale: () => 'zh-CN', logger });
  const chart = Buffer.from(png);
  const before = fake.state.media.size;
  await Promise.all(['cid-chart-a', 'cid-chart-b', 'cid-chart-c'].map((id) => push.push(id, [markdown('告警', '### 盈亏偏低'), image('分布', chart)], { idempotencyKey: `k-${id}` })));
  assert.equal(fake.state.media.size, before + 1, 'one upload for three conversations');
  const ids = ['cid-chart-a', 'cid-chart-b', 'cid-chart-c'].map((id) => fake.botMessages(id).find((m) => m.mediaId)?.mediaId);
  assert.ok(ids[0]);
  assert.deepEqual(ids, [ids[0], ids[0], ids[0]]);

  // Another chart (a new Buffer, as in the next cycle) is a new upload, even with the same bytes.
  await push.push('cid-chart-a', [image('分布', Buffer.from(png))], { idempotencyKey: 'k-next' });
  assert.equal(fake.state.media.size, before + 2);

  const fresh = Buffer.from(png);
  fake.inject('mediaUpload', { status: 200, body: { errcode: 40004, errmsg: '不合法的媒体文件类型' } });
  await assert.rejects(push.push('cid-chart-d', [image('分布', fresh)], { idempotencyKey: 'k-d' }), /40004/);
  const afterFailure = fake.state.media.size; // the fake stores the file even when it answers an injected error
  await push.push('cid-chart-e', [image('分布', fresh)], { idempotencyKey: 'k-e' });
  assert.equal(fake.state.media.size, afterFailure + 1, 'the failed upload was not remembered: uploaded again');
  assert.ok(fake.botMessages('cid-chart-e').some((m) => m.mediaId));
});
