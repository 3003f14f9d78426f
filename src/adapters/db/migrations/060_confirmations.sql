-- Settings and admin: pending confirmations of dangerous actions, and the audit log locked down.

-- A dangerous action (settings change, granting admin, removing subscriptions) waits here for
-- /confirm CODE from the same user. It lives in the database so any running instance can confirm it.
CREATE TABLE otc_bot.pending_confirmations (
  id              bigserial PRIMARY KEY,
  code            text NOT NULL,
  action          text NOT NULL,
  payload         jsonb NOT NULL,
  staff_id        text NOT NULL,
  conversation_id text NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  state           text NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'confirmed', 'cancelled', 'expired', 'failed')),
  decided_at      timestamptz
);
-- A code is unique only while it is pending; old rows keep their code for the record.
CREATE UNIQUE INDEX pending_confirmations_code ON otc_bot.pending_confirmations (code) WHERE state = 'pending';
CREATE INDEX pending_confirmations_created_at ON otc_bot.pending_confirmations (created_at);

-- Append-only for the bot's role too: the trigger from 001 refuses UPDATE/DELETE/TRUNCATE for
-- everyone; the grants say the same for roles that are not superusers (superusers bypass grants).
REVOKE UPDATE, DELETE, TRUNCATE ON otc_bot.audit_log FROM PUBLIC;
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON otc_bot.audit_log FROM %I', current_user);
  END IF;
END;
$$;
