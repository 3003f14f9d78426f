// Pushes (alerts) to a conversation without a user message to answer: DingTalk OpenAPI in
// DingTalk mode, the console page in console mode. A send either succeeds or throws.
import type { ReplyPart } from './reply.js';

export interface PushOptions {
  /** Stable per logical message, so a retried send can be recognised (DingTalk's idempotency where offered). */
  idempotencyKey: string;
}

export interface PushSender {
  push(conversationId: string, parts: ReplyPart[], options: PushOptions): Promise<void>;
}

export function consolePushSender(target: { push(conversationId: string, parts: ReplyPart[]): void }): PushSender {
  return {
    async push(conversationId, parts) {
      target.push(conversationId, parts);
    },
  };
}
