// What DingTalk puts in a robot message becomes a clean command line and the right conversation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandText, parseRobotPayload, toIncomingMessage } from '../../../src/bot/dingtalk/robot-message.js';

const base = {
  msgId: 'msgA1',
  conversationId: 'cidG1==',
  conversationType: '2',
  conversationTitle: '风控群',
  senderStaffId: 'staff-1',
  senderNick: '小王',
  chatbotUserId: '$:LWCP_v1:$bot',
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s',
  sessionWebhookExpiredTime: 1,
  msgtype: 'text',
};
const payload = (extra: Record<string, unknown>) => parseRobotPayload(JSON.stringify({ ...base, ...extra }));

test('the @mention of the bot and odd spaces are stripped; later mentions stay arguments', () => {
  assert.equal(commandText(payload({ text: { content: ' /pnl 7d ' } })), '/pnl 7d');
  assert.equal(commandText(payload({ text: { content: '@OTC机器人\u2005/help pnl' } })), '/help pnl');
  assert.equal(commandText(payload({ text: { content: '\u3000@OTC机器人 @另一个 /status' } })), '/status');
  assert.equal(commandText(payload({ text: { content: '/role grant trader @小李' } })), '/role grant trader @小李');
  assert.equal(commandText(payload({ text: { content: '@OTC机器人' } })), '');
});

test('rich text is read as its text pieces; a picture has no command', () => {
  const rich = payload({ msgtype: 'richText', content: { richText: [{ text: '/coin ' }, { pictureDownloadCode: 'x' }, { text: 'BTC' }] } });
  assert.equal(commandText(rich), '/coin BTC');
  assert.equal(commandText(payload({ msgtype: 'picture', content: { downloadCode: 'x' } })), '');
});

test('group and 1:1 conversations, the asker, and mentions other than the bot', () => {
  const group = toIncomingMessage(
    payload({ text: { content: '/role grant trader @小李' }, atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }, { dingtalkId: 'x', staffId: 'staff-2' }] }),
  );
  assert.deepEqual(group.conversation, { id: 'cidG1==', type: 'group', title: '风控群' });
  assert.equal(group.staffId, 'staff-1');
  assert.deepEqual(group.mentions, ['staff-2']);
  const single = toIncomingMessage(payload({ conversationType: '1', conversationTitle: undefined, text: { content: '/help' } }));
  assert.equal(single.conversation.type, 'single');
});

test('a payload without the fields the bot relies on is refused', () => {
  assert.throws(() => parseRobotPayload(JSON.stringify({ ...base, conversationType: '3' })));
  assert.throws(() => parseRobotPayload(JSON.stringify({ ...base, msgId: undefined })));
});
