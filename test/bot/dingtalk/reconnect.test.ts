// The stream survives drops, silent (zombie) sockets and server-announced disconnects, with one
// connection at a time and growing pauses between attempts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type BotOnFake, startBotOnFake } from '../../support/fake-dingtalk/bot-on-fake.js';
import { FakeDingTalk } from '../../support/fake-dingtalk/fake-dingtalk.js';

let fake: FakeDingTalk;
let bot: BotOnFake;
const delays: number[] = [];

before(async () => {
  fake = await FakeDingTalk.start({ pingIntervalMs: 50 });
  bot = await startBotOnFake(fake, {
    dingtalk: { onBackoff: (ms) => delays.push(ms), timings: { backoffBaseMs: 4, backoffMaxMs: 120, idleTimeoutMs: 400, keepAliveMs: 100 } },
  });
  await fake.waitFor(() => bot.app.services.runtime.stream?.connected, 10_000, 'stream connected');
});

after(async () => {
  await bot.close();
  await fake.close();
});

async function answersHelp(conversationId: string): Promise<void> {
  fake.say({ text: '/help', conversationId });
  await fake.waitFor(() => fake.botMessages(conversationId).length > 0, 10_000, `answer in ${conversationId}`);
}

test('socket dropped 20 times in a row: growing delays, one connection at a time, then it answers', async () => {
  const before = fake.state.connections.opened;
  const reconnects = bot.app.services.runtime.stream?.reconnects ?? 0;
  delays.length = 0;
  fake.faults.dropNextConnections = 20;
  fake.gateway.dropAll();
  await fake.waitFor(() => fake.state.connections.opened >= before + 21 && bot.app.services.runtime.stream?.connected, 15_000, '21 connections');
  assert.ok(delays.length >= 20, `backoff scheduled for each drop (${delays.length})`);
  for (let i = 1; i < delays.length; i += 1) assert.ok(delays[i] >= delays[i - 1] || delays[i - 1] >= 60, `delays grow: ${delays.join(',')}`);
  assert.ok(delays.at(-1)! > delays[0] * 8, `delays grow: ${delays.join(',')}`);
  assert.ok(delays.every((ms) => ms <= 120), 'capped');
  assert.equal(fake.state.connections.maxOpen, 1, 'never two connections at once');
  assert.ok((bot.app.services.runtime.stream?.reconnects ?? 0) > reconnects);
  await answersHelp('cid-after-drops');
  const metrics = await bot.app.services.metrics.registry.getSingleMetricAsString('otc_bot_stream_reconnects_total');
  assert.match(metrics, /otc_bot_stream_reconnects_total [1-9]/);
});

test('a connection that stops getting pings is replaced', async () => {
  const before = fake.state.connections.opened;
  fake.faults.silence = true;
  await fake.waitFor(() => fake.state.connections.opened > before, 10_000, 'a replacement connection');
  fake.faults.silence = false;
  await fake.waitFor(() => bot.app.services.runtime.stream?.connected, 10_000, 'connected again');
  assert.equal(fake.state.connections.maxOpen, 1);
  await answersHelp('cid-after-silence');
});

test('a "disconnect" system message moves the bot to a new connection', async () => {
  const before = fake.state.connections.opened;
  fake.gateway.announceDisconnect(1000);
  await fake.waitFor(() => fake.state.connections.opened > before && bot.app.services.runtime.stream?.connected, 10_000, 'new connection');
  await answersHelp('cid-after-disconnect');
});

test('a refusing gateway is retried until it answers', async () => {
  const before = fake.state.connections.opened;
  fake.faults.refuseGateway = 3;
  fake.gateway.dropAll();
  await fake.waitFor(() => fake.state.connections.opened > before && bot.app.services.runtime.stream?.connected, 10_000, 'connected');
  assert.equal(fake.faults.refuseGateway, 0);
  await answersHelp('cid-after-gateway');
});
