// The robot message payload DingTalk sends on topic /v1.0/im/bot/messages/get, and how it becomes the
// router's IncomingMessage. DingTalk's clients differ in what they leave in text.content (the
// "@Bot" mention, U+2005 spacing), so the text is cleaned defensively.
import { z } from 'zod';
import type { IncomingMessage } from '../router.js';

const payloadSchema = z.looseObject({
  msgId: z.string().min(1),
  conversationId: z.string().min(1),
  conversationType: z.enum(['1', '2']),
  conversationTitle: z.string().optional(),
  senderStaffId: z.string().optional(),
  senderId: z.string().optional(),
  senderNick: z.string().default(''),
  isAdmin: z.boolean().optional(),
  chatbotUserId: z.string().optional(),
  atUsers: z.array(z.looseObject({ dingtalkId: z.string().optional(), staffId: z.string().optional() })).optional(),
  createAt: z.number().optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
  msgtype: z.string(),
  text: z.looseObject({ content: z.string().default('') }).optional(),
  content: z
    .looseObject({ richText: z.array(z.looseObject({ text: z.string().optional() })).optional() })
    .optional(),
});

export type RobotPayload = z.infer<typeof payloadSchema>;

export function parseRobotPayload(data: string): RobotPayload {
  return payloadSchema.parse(JSON.parse(data));
}

/** The typed text, without leading @mentions and odd spaces; empty for pictures and other kinds. */
export function commandText(payload: RobotPayload): string {
  let raw = '';
  if (payload.msgtype === 'text') raw = payload.text?.content ?? '';
  else if (payload.msgtype === 'richText') raw = (payload.content?.richText ?? []).map((item) => item.text ?? '').join('');
  let line = raw.replace(/[\u2005\u2002\u2003\u3000\u00a0]/g, ' ').trim();
  // "@机器人 /help": the mention of the bot comes first; later mentions are arguments (/role grant … @x).
  while (line.startsWith('@') && !line.startsWith('@/')) {
    const space = line.indexOf(' ');
    if (space < 0) return '';
    line = line.slice(space + 1).trimStart();
  }
  return line;
}

export function isCommandKind(payload: RobotPayload): boolean {
  return payload.msgtype === 'text' || payload.msgtype === 'richText';
}

export function toIncomingMessage(payload: RobotPayload): IncomingMessage {
  const mentions = (payload.atUsers ?? [])
    .filter((user) => user.dingtalkId !== payload.chatbotUserId && user.staffId)
    .map((user) => user.staffId as string);
  return {
    text: commandText(payload),
    // External users have no staff id; their senderId still identifies them for roles (deny by default).
    staffId: payload.senderStaffId ?? payload.senderId ?? '',
    nick: payload.senderNick,
    conversation: {
      id: payload.conversationId,
      type: payload.conversationType === '1' ? 'single' : 'group',
      title: payload.conversationTitle,
    },
    mentions,
  };
}
