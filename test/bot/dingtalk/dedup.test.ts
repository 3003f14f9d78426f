// DingTalk may deliver a message more than once; each is answered once, also across a restart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type BotOnFake, startBotOnFake } from '../../support/fake-dingtalk/bot-on-fake.js';
import { FakeDingTalk } from '../../support/fake-dingtalk/fake-dingtalk.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let fake: FakeDingTalk;
let database: TestDatabase;
let bot: BotOnFake;

const connected = () => fake.waitFor(() => bot.app.services.runtime.stream?.connected, 10_000, 'stream connected');
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

before(async () => {
  fake = await FakeDingTalk.start({ pingIntervalMs: 100, ackTimeoutMs: 150 });
  database = await createTestDatabase();
  bot = await startBotOnFake(fake, { database });
  await connected();
});

after(async () => {
  await bot.stop();
  await database.drop();
  await fake.close();
});

test('the same frame delivered twice, and again after a restart, is answered once', async () => {
  const { messageId, conversationId } = fake.say({ text: '/help', conversationId: 'cid-dup-1' });
  await fake.waitFor(() => fake.botMessages(conversationId).length === 1, 10_000, 'first answer');
  fake.gateway.redeliver(messageId);
  await fake.waitFor(() => fake.state.acks.filter((a) => a.messageId === messageId).length === 2, 10_000, 'second ACK');
  await settle();
  assert.equal(fake.botMessages(conversationId).length, 1);

  await bot.stop();
  bot = await startBotOnFake(fake, { database });
  await connected();
  fake.gateway.redeliver(messageId);
  await fake.waitFor(() => fake.state.acks.filter((a) => a.messageId === messageId).length === 3, 10_000, 'ACK after restart');
  await settle();
  assert.equal(fake.botMessages(conversationId).length, 1, 'a restart does not replay an answered command');
  const { rows } = await database.pool.query('SELECT answered_at FROM otc_bot.processed_messages WHERE conversation_id = $1', ['cid-dup-1']);
  assert.equal(rows.length, 1);
  assert.ok(rows[0].answered_at, 'the message is marked answered');
});

test('a new frame carrying an already answered msgId is not answered again', async () => {
  const first = fake.say({ text: '/help', conversationId: 'cid-dup-2', msgId: 'msg-fixed-42' });
  await fake.waitFor(() => fake.botMessages(first.conversationId).length === 1, 10_000, 'first answer');
  const again = fake.say({ text: '/help', conversationId: 'cid-dup-2', msgId: 'msg-fixed-42' });
  await fake.waitFor(() => fake.state.acks.some((a) => a.messageId === again.messageId), 10_000, 'ACK of the copy');
  await settle();
  assert.equal(fake.botMessages(first.conversationId).length, 1);
});

test('when DingTalk loses the ACKs and redelivers on its own, the message is still answered once', async () => {
  fake.faults.ignoreAcks = true;
  const { messageId, conversationId } = fake.say({ text: '/help', conversationId: 'cid-dup-3' });
  await fake.waitFor(() => fake.state.deliveries.filter((d) => d.messageId === messageId).length === 3, 10_000, 'three deliveries');
  fake.faults.ignoreAcks = false;
  await settle();
  assert.equal(fake.botMessages(conversationId).length, 1);
});

test('ACKs handled late by DingTalk (after its redelivery timer) still give one answer', async () => {
  fake.faults.ackDelayMs = 400;
  try {
    const { messageId, conversationId } = fake.say({ text: '/help', conversationId: 'cid-dup-4' });
    await fake.waitFor(() => fake.state.deliveries.filter((d) => d.messageId === messageId).length >= 2, 10_000, 'a redelivery');
    await fake.waitFor(() => fake.state.acks.some((a) => a.messageId === messageId), 10_000, 'the late ACK');
    await settle();
    assert.equal(fake.botMessages(conversationId).length, 1);
  } finally {
    fake.faults.ackDelayMs = 0;
  }
});
