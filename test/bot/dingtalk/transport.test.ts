// A group message goes in through the fake gateway; replies, charts and ACKs come out as DingTalk would see them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type BotOnFake, startBotOnFake } from '../../support/fake-dingtalk/bot-on-fake.js';
import { FakeDingTalk } from '../../support/fake-dingtalk/fake-dingtalk.js';
import { pngSize } from '../../support/png.js';

let fake: FakeDingTalk;
let bot: BotOnFake;

before(async () => {
  fake = await FakeDingTalk.start({ pingIntervalMs: 100 });
  bot = await startBotOnFake(fake);
  await fake.waitFor(() => bot.app.services.runtime.stream?.connected, 10_000, 'stream connected');
});

after(async () => {
  await bot.close();
  await fake.close();
});

test('@bot /help in a group: ACK first, then a markdown reply that @mentions the asker', async () => {
  const { messageId, conversationId } = fake.say({ text: '@OTC机器人 /help', staffId: 'staff-001' });
  const reply = await fake.waitFor(() => fake.botMessages(conversationId).find((m) => m.msgtype === 'markdown'), 10_000, 'help reply');
  const ack = fake.state.acks.find((a) => a.messageId === messageId);
  assert.ok(ack, 'the frame was ACKed');
  assert.equal(ack.code, 200);
  assert.ok(fake.state.pingAnswers > 0 || (await fake.waitFor(() => fake.state.pingAnswers > 0, 2000, 'ping answer')), 'system pings are answered');
  assert.ok(ack.at < reply.at, 'ACK came before the reply');
  assert.equal(reply.via, 'webhook');
  assert.match(reply.text, /\/pnl|\/help/);
  assert.match(reply.text, /@staff-001/);
  assert.deepEqual(reply.atUserIds, ['staff-001']);
});

test('/status answers with markdown and a chart uploaded as media and referenced by id', async () => {
  const { conversationId } = fake.say({ text: '/status', staffId: 'staff-001' });
  const image = await fake.waitFor(() => fake.botMessages(conversationId).find((m) => m.msgtype === 'image'), 8000, 'chart');
  assert.ok(image.mediaId);
  assert.equal(image.text, `![](${image.mediaId})`);
  const media = fake.state.media.get(image.mediaId);
  assert.ok(media, 'the image was uploaded to /media/upload');
  assert.equal(media.type, 'image');
  assert.ok(pngSize(media.content).width > 100);
  const status = fake.botMessages(conversationId).find((m) => m.msgtype === 'markdown');
  assert.ok(status && status.seq < image.seq, 'the status table comes before its chart');
});

test('a 1:1 chat is answered without @mention, and a picture gets a polite hint', async () => {
  const { conversationId } = fake.say({ text: '/help', staffId: 'staff-001', conversationType: '1' });
  const reply = await fake.waitFor(() => fake.botMessages(conversationId)[0], 10_000, '1:1 reply');
  assert.equal(reply.atUserIds, undefined);
  assert.doesNotMatch(reply.text, /@staff-001/);
  const picture = fake.say({ text: '', staffId: 'staff-001', msgtype: 'picture', conversationId: 'cid-group-pictures' });
  const hint = await fake.waitFor(() => fake.botMessages(picture.conversationId)[0], 10_000, 'picture hint');
  assert.match(hint.text, /文字命令/);
});

test('a user without a role gets one line saying who can grant access', async () => {
  const { conversationId } = fake.say({ text: '/pnl', staffId: 'stranger-9', conversationId: 'cid-group-strangers' });
  const reply = await fake.waitFor(() => fake.botMessages(conversationId)[0], 10_000, 'denial');
  assert.match(reply.text, /权限/);
});

test('no secret, token or session webhook appears in the logs', () => {
  const logs = bot.logs.join('');
  assert.ok(logs.length > 0);
  assert.ok(!logs.includes(fake.env.DINGTALK_CLIENT_SECRET), 'app secret not logged');
  assert.ok(!logs.includes('sendBySession?session='), 'session webhooks not logged');
  assert.ok(!logs.includes('ticket='), 'stream tickets not logged');
  assert.ok(fake.state.tokens.length > 0, 'the bot used access tokens');
  for (const token of fake.state.tokens) assert.ok(!logs.includes(token), 'access tokens not logged');
});

test('the fake platform page can send a command and show the reply with its chart', async () => {
  const page = await fetch(`${fake.url}/`);
  assert.match(await page.text(), /Fake DingTalk/);
  const said = await fetch(`${fake.url}/fake/say`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: '/status', staffId: 'staff-001', conversationId: 'cid-page' }),
  });
  assert.equal(said.status, 200);
  const image = await waitForPageImage();
  const media = await fetch(`${fake.url}/media/${encodeURIComponent(image)}`);
  assert.equal(media.headers.get('content-type'), 'image/png');
  assert.ok(pngSize(Buffer.from(await media.arrayBuffer())).width > 100);
});

async function waitForPageImage(): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const entries = (await (await fetch(`${fake.url}/fake/conversation?id=cid-page`)).json()) as { from: string; msgtype: string; mediaId?: string }[];
    const image = entries.find((entry) => entry.from === 'bot' && entry.msgtype === 'image');
    if (image?.mediaId) return image.mediaId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no chart shown on the page');
}
