-- DingTalk: which conversation a processed message came from and when it was answered (diagnosis and
-- pruning), and the conversations the bot has seen, so a push to a 1:1 chat knows whom to send to
-- (OpenAPI sends to a user, not to a single-chat conversation id).

ALTER TABLE otc_bot.processed_messages
  ADD COLUMN conversation_id text,
  ADD COLUMN answered_at timestamptz;

CREATE TABLE otc_bot.dingtalk_conversations (
  conversation_id   text PRIMARY KEY,
  conversation_type text NOT NULL CHECK (conversation_type IN ('single', 'group')),
  title             text,
  -- For 1:1 chats: the person on the other side.
  staff_id          text,
  last_seen_at      timestamptz NOT NULL DEFAULT now()
);
