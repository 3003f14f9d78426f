-- Candles for the liquidation Monte Carlo (/liq), cached so a second run within minutes asks no
-- venue and an unreachable venue still leaves history to simulate from (with its age shown).
-- double precision, not numeric: the values feed log returns and volatility estimates, where 15
-- significant digits are far beyond what the estimates can resolve.
CREATE TABLE otc_bot.liq_candles (
  venue     text NOT NULL,
  symbol    text NOT NULL,
  timeframe text NOT NULL,
  open_time timestamptz NOT NULL,
  open      double precision NOT NULL,
  high      double precision NOT NULL,
  low       double precision NOT NULL,
  close     double precision NOT NULL,
  volume    double precision NOT NULL,
  PRIMARY KEY (venue, symbol, timeframe, open_time)
);

-- When each series was last fetched successfully: decides whether the cache is fresh enough.
CREATE TABLE otc_bot.liq_candle_fetches (
  venue      text NOT NULL,
  symbol     text NOT NULL,
  timeframe  text NOT NULL,
  fetched_at timestamptz NOT NULL,
  PRIMARY KEY (venue, symbol, timeframe)
);
