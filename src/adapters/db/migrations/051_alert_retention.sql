-- Alerts, continued: retention pruning of delivered alerts, the phase of the last failed cycle, and
-- /alerts history per conversation.

-- Which phase the last failed cycle failed in ('detect' or 'deliver'): a cycle that fails in delivery
-- keeps cycle_failing raised until a cycle gets through delivery.
ALTER TABLE otc_bot.alert_cycle_state ADD COLUMN last_failure_phase text;

-- Pruning finds old sent batches and silences no alert refers to any more.
CREATE INDEX alert_batches_sent_at ON otc_bot.alert_batches (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX alert_outbox_silence ON otc_bot.alert_outbox (silence_id) WHERE silence_id IS NOT NULL;

-- /alerts history in a subscribed conversation lists that conversation's latest alerts.
CREATE INDEX alert_deliveries_conversation ON otc_bot.alert_deliveries (conversation_id, alert_id DESC);
