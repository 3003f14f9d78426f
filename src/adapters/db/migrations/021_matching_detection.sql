-- New-row detection of src/handlers/jobs/match-sync.ts without scanning whole tables: the bot side of
-- "rows per hour since the watermark minus the lateness margin" must be an index range scan.
-- Locks use the partial locked_at indexes of 020 (matched + unmatched); matched hedges had no index
-- on their start time (unmatched_hedges has one).
CREATE INDEX matches_matched_hedge_created_at ON otc_bot.matches (hedge_created_at) WHERE hedge_id IS NOT NULL;

-- When the whole source tables were last counted against what the bot has seen (rows later than
-- the lateness margin, and deletions outside it, are found then).
ALTER TABLE otc_bot.match_state ADD COLUMN reconciled_at timestamptz;
