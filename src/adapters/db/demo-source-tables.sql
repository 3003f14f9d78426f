-- The OTC source relations of domain.md, created only for the embedded/demo database.
CREATE TABLE IF NOT EXISTS otc_lock_orders (
  id          text PRIMARY KEY,
  client_id   text NOT NULL,
  side        text NOT NULL CHECK (side IN ('buy', 'sell')),
  base_coin   text NOT NULL,
  quote_coin  text NOT NULL,
  base_amount numeric NOT NULL CHECK (base_amount > 0),
  price       numeric NOT NULL CHECK (price > 0),
  locked_at   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS otc_lock_orders_locked_at ON otc_lock_orders (locked_at);

CREATE TABLE IF NOT EXISTS otc_hedge_orders (
  id          text PRIMARY KEY,
  client_id   text NOT NULL,
  side        text NOT NULL CHECK (side IN ('buy', 'sell')),
  base_coin   text NOT NULL,
  quote_coin  text NOT NULL,
  base_amount numeric NOT NULL CHECK (base_amount > 0),
  avg_price   numeric NOT NULL CHECK (avg_price > 0),
  fee         numeric NOT NULL DEFAULT 0 CHECK (fee >= 0),
  method      text NOT NULL,
  exchange    text NOT NULL,
  created_at  timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS otc_hedge_orders_created_at ON otc_hedge_orders (created_at);
