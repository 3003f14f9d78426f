-- Matching of OTC lock orders to hedge orders (domain.md), kept current incrementally by
-- src/handlers/jobs/match-sync.ts. One row per lock seen; the hedge columns and the P&L are NULL
-- while the lock is unmatched. Amounts and money stay numeric (exact); ratios and times are doubles.
CREATE TABLE otc_bot.matches (
  lock_id          text PRIMARY KEY,
  client_id        text NOT NULL,
  side             text NOT NULL,
  base_coin        text NOT NULL,
  quote_coin       text NOT NULL,
  lock_amount      numeric NOT NULL,
  lock_price       numeric NOT NULL,
  locked_at        timestamptz NOT NULL,
  notional         numeric NOT NULL,
  hedge_id         text UNIQUE,
  hedge_amount     numeric,
  hedge_price      numeric,
  fee              numeric,
  method           text,
  exchange         text,
  hedge_created_at timestamptz,
  pnl              numeric,
  pnl_bps          double precision,
  lag_seconds      double precision,
  residual         numeric,
  -- When this row last changed (inserted, matched, re-matched or unmatched): what alert cycles poll.
  updated_at       timestamptz NOT NULL DEFAULT now()
);
-- Per-coin history of matched orders (alert percentiles, /order ranks).
CREATE INDEX matches_matched_coin_locked_at ON otc_bot.matches (base_coin, locked_at) WHERE hedge_id IS NOT NULL;
-- Period aggregations (/pnl, /factors) over matched orders.
CREATE INDEX matches_matched_locked_at ON otc_bot.matches (locked_at) INCLUDE (quote_coin, notional, pnl, pnl_bps)
  WHERE hedge_id IS NOT NULL;
-- Unmatched locks, oldest first (/unmatched, unhedged alerts).
CREATE INDEX matches_unmatched_locked_at ON otc_bot.matches (locked_at) WHERE hedge_id IS NULL;
CREATE INDEX matches_updated_at ON otc_bot.matches (updated_at);
-- Key + time lookups when a late row forces re-matching of one client's coin and side.
CREATE INDEX matches_key_locked_at ON otc_bot.matches (client_id, base_coin, quote_coin, side, locked_at);

-- Hedges that no lock claimed (yet).
CREATE TABLE otc_bot.unmatched_hedges (
  hedge_id         text PRIMARY KEY,
  client_id        text NOT NULL,
  side             text NOT NULL,
  base_coin        text NOT NULL,
  quote_coin       text NOT NULL,
  hedge_amount     numeric NOT NULL,
  hedge_price      numeric NOT NULL,
  fee              numeric NOT NULL,
  method           text NOT NULL,
  exchange         text NOT NULL,
  hedge_created_at timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unmatched_hedges_created_at ON otc_bot.unmatched_hedges (hedge_created_at);

-- Watermarks of the incremental run: what has been seen of the source tables, with which settings.
CREATE TABLE otc_bot.match_state (
  id               smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  lock_watermark   timestamptz,
  hedge_watermark  timestamptz,
  lock_count       bigint NOT NULL DEFAULT 0,
  hedge_count      bigint NOT NULL DEFAULT 0,
  tolerance        double precision NOT NULL,
  max_lag_ms       bigint NOT NULL,
  last_run_at      timestamptz NOT NULL DEFAULT now()
);

-- Demo only: the pairing the demo generator knows to be true (hedge_id NULL: never hedged),
-- so matching accuracy can be measured. Empty in a real deployment.
CREATE TABLE otc_bot.demo_truth (
  lock_id  text PRIMARY KEY,
  hedge_id text UNIQUE
);
