-- Foundation: roles, audit log, user preferences, runtime settings, processed message ids.

CREATE TABLE otc_bot.role_grants (
  subject_kind text NOT NULL CHECK (subject_kind IN ('user', 'conversation')),
  subject_id   text NOT NULL,
  role         text NOT NULL CHECK (role IN ('trader', 'risk', 'admin')),
  display_name text,
  granted_by   text NOT NULL,
  granted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_kind, subject_id)
);

CREATE TABLE otc_bot.audit_log (
  id              bigserial PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT now(),
  actor_staff_id  text NOT NULL,
  actor_nick      text,
  conversation_id text,
  action          text NOT NULL,
  subject         text,
  before          jsonb,
  after           jsonb
);
CREATE INDEX audit_log_at ON otc_bot.audit_log (at DESC);
CREATE INDEX audit_log_subject ON otc_bot.audit_log (subject, at DESC);

CREATE TABLE otc_bot.user_preferences (
  staff_id   text PRIMARY KEY,
  locale     text CHECK (locale IN ('zh-CN', 'en')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE otc_bot.settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- DingTalk may deliver a message more than once; answered ids are kept so a restart does not replay them.
CREATE TABLE otc_bot.processed_messages (
  message_id   text PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_messages_received_at ON otc_bot.processed_messages (received_at);

-- The audit log is append-only: no role the bot runs as may rewrite history.
CREATE FUNCTION otc_bot.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'otc_bot.audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON otc_bot.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION otc_bot.audit_log_append_only();
