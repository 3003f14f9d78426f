// Durable state of the DingTalk transport: message ids already taken (so a redelivery or a restart
// never answers twice) and the conversations seen (so pushes know how to reach a 1:1 chat).
import type pg from 'pg';

export interface KnownConversation {
  conversationId: string;
  type: 'single' | 'group';
  title: string | null;
  staffId: string | null;
}

export interface DingTalkStateRepository {
  /** True when this call took the message; false when it was seen before (by this or another process). */
  claimMessage(messageId: string, conversationId: string): Promise<boolean>;
  markAnswered(messageId: string): Promise<void>;
  /** Drops message ids older than the window in which DingTalk redelivers. */
  pruneMessages(olderThan: Date): Promise<number>;
  rememberConversation(conversation: KnownConversation): Promise<void>;
  findConversation(conversationId: string): Promise<KnownConversation | undefined>;
}

export function createDingTalkStateRepository(db: pg.Pool): DingTalkStateRepository {
  return {
    async claimMessage(messageId, conversationId) {
      const result = await db.query(
        `INSERT INTO otc_bot.processed_messages (message_id, conversation_id) VALUES ($1, $2)
         ON CONFLICT (message_id) DO NOTHING`,
        [messageId, conversationId],
      );
      return result.rowCount === 1;
    },
    async markAnswered(messageId) {
      await db.query('UPDATE otc_bot.processed_messages SET answered_at = now() WHERE message_id = $1', [messageId]);
    },
    async pruneMessages(olderThan) {
      const result = await db.query('DELETE FROM otc_bot.processed_messages WHERE received_at < $1', [olderThan]);
      return result.rowCount ?? 0;
    },
    async rememberConversation(c) {
      await db.query(
        `INSERT INTO otc_bot.dingtalk_conversations (conversation_id, conversation_type, title, staff_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id) DO UPDATE
           SET conversation_type = EXCLUDED.conversation_type, title = COALESCE(EXCLUDED.title, otc_bot.dingtalk_conversations.title),
               staff_id = COALESCE(EXCLUDED.staff_id, otc_bot.dingtalk_conversations.staff_id), last_seen_at = now()`,
        [c.conversationId, c.type, c.title, c.staffId],
      );
    },
    async findConversation(conversationId) {
      const { rows } = await db.query<{ conversation_id: string; conversation_type: 'single' | 'group'; title: string | null; staff_id: string | null }>(
        'SELECT conversation_id, conversation_type, title, staff_id FROM otc_bot.dingtalk_conversations WHERE conversation_id = $1',
        [conversationId],
      );
      const row = rows[0];
      return row && { conversationId: row.conversation_id, type: row.conversation_type, title: row.title, staffId: row.staff_id };
    },
  };
}
