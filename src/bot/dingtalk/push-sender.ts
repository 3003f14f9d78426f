// Pushes (alerts) through DingTalk OpenAPI: a group by its openConversationId, a 1:1 chat through the
// person the bot met there (OpenAPI addresses users, not single-chat conversation ids).
// An image pushed to several conversations is uploaded once: the alert cycle draws each chart once per
// cycle and hands the same Buffer to every digest that shows it, so the media id is remembered by that
// Buffer (weakly: the memory ends with the cycle that holds the chart).
import type { DingTalkStateRepository } from '../../adapters/dingtalk/state-repository.js';
import type { Logger } from '../../adapters/logger.js';
import type { Locale } from '../../config.js';
import type { PushSender } from '../push.js';
import type { ReplySender, ReplyTarget } from './reply-sender.js';

export function dingtalkPushSender(deps: { replies: ReplySender; state: DingTalkStateRepository; locale: () => Locale; logger: Logger }): PushSender {
  const uploads = new WeakMap<Buffer, Promise<string>>();
  return {
    async push(conversationId, parts, options) {
      const known = await deps.state.findConversation(conversationId);
      // Ids the bot has not seen yet are taken as group openConversationIds (cid…), the usual alert target.
      const target: ReplyTarget =
        known?.type === 'single'
          ? { conversationId, type: 'single', staffId: known.staffId ?? undefined, locale: deps.locale() }
          : { conversationId, type: 'group', locale: deps.locale() };
      deps.logger.debug({ conversationId, idempotencyKey: options.idempotencyKey, parts: parts.length }, 'DingTalk push');
      await deps.replies.send(target, parts, { uploads });
    },
  };
}
