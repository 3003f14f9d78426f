-- Alert pushes (issue 6): subscriptions, silences, the outbox of alerts (one row per alert key),
-- deliveries per alert per conversation, digest batches, and the cycle's own state.

CREATE TABLE otc_bot.alert_subscriptions (
  conversation_id text NOT NULL,
  alert_type      text NOT NULL CHECK (alert_type IN ('pnl', 'lag', 'unhedged', 'roundtrip', 'system')),
  subscribed_by   text NOT NULL,
  subscribed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, alert_type)
);

CREATE TABLE otc_bot.alert_silences (
  id            bigserial PRIMARY KEY,
  matcher_kind  text NOT NULL CHECK (matcher_kind IN ('type', 'rule', 'key', 'coin', 'client')),
  matcher_value text NOT NULL,
  reason        text NOT NULL,
  created_by    text NOT NULL,
  created_nick  text,
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  cancelled_by  text,
  cancelled_at  timestamptz
);
CREATE INDEX alert_silences_active ON otc_bot.alert_silences (ends_at) WHERE cancelled_at IS NULL;

-- Written once per key (ON CONFLICT DO NOTHING), so an alert found again in a later cycle or by
-- another instance is never a second alert.
CREATE TABLE otc_bot.alert_outbox (
  id          bigserial PRIMARY KEY,
  alert_key   text NOT NULL UNIQUE,
  alert_type  text NOT NULL,
  rule        text NOT NULL,
  severity    text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
  weight      double precision NOT NULL DEFAULT 0,
  coin        text,
  client_id   text,
  lock_id     text,
  occurred_at timestamptz NOT NULL,
  created_at  timestamptz NOT NULL,
  details     jsonb NOT NULL,
  silence_id  bigint REFERENCES otc_bot.alert_silences (id)
);
CREATE INDEX alert_outbox_created_at ON otc_bot.alert_outbox (created_at DESC);

-- One digest message to one conversation; its key is the idempotency key of every (re)send.
CREATE TABLE otc_bot.alert_batches (
  id              bigserial PRIMARY KEY,
  batch_key       text NOT NULL UNIQUE,
  conversation_id text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  sent_at         timestamptz
);
CREATE INDEX alert_batches_unsent ON otc_bot.alert_batches (conversation_id, id) WHERE sent_at IS NULL;

-- pending → batched (in an unsent batch) → sent; or muted (recorded, never sent).
CREATE TABLE otc_bot.alert_deliveries (
  alert_id        bigint NOT NULL REFERENCES otc_bot.alert_outbox (id),
  conversation_id text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'batched', 'sent', 'muted')),
  batch_id        bigint REFERENCES otc_bot.alert_batches (id),
  sent_at         timestamptz,
  PRIMARY KEY (alert_id, conversation_id)
);
CREATE INDEX alert_deliveries_pending ON otc_bot.alert_deliveries (conversation_id, alert_id) WHERE status = 'pending';
CREATE INDEX alert_deliveries_batch ON otc_bot.alert_deliveries (batch_id);

CREATE TABLE otc_bot.alert_cycle_state (
  id                   smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  -- First start: orders locked before this are history only, never alerted.
  origin_at            timestamptz NOT NULL,
  -- matches.updated_at up to which matched orders were evaluated (database time, as written by matching).
  matches_watermark    timestamptz,
  -- Last scheduled tick run by any instance: a tick runs once however many instances fire it.
  last_tick            timestamptz,
  last_started_at      timestamptz,
  last_finished_at     timestamptz,
  last_duration_ms     integer,
  last_ok              boolean,
  last_error           text,
  last_counts          jsonb,
  consecutive_failures integer NOT NULL DEFAULT 0
);

CREATE TABLE otc_bot.alert_system_state (
  condition        text PRIMARY KEY,
  since            timestamptz,
  last_notified_at timestamptz,
  repeats          integer NOT NULL DEFAULT 0
);

-- History percentiles read index ranges per coin (and across coins for the min-samples fallback);
-- the metrics are included so the scans are index-only.
CREATE INDEX matches_alert_history_coin ON otc_bot.matches (base_coin, locked_at) INCLUDE (pnl_bps, pnl, lag_seconds)
  WHERE hedge_id IS NOT NULL;
CREATE INDEX matches_alert_history_all ON otc_bot.matches (locked_at) INCLUDE (pnl_bps, pnl, lag_seconds)
  WHERE hedge_id IS NOT NULL;
