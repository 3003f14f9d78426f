// Hedge P&L aggregations over otc_bot.matches, done in PostgreSQL (indexed by lock time) so a
// year of orders never travels to JS. Money stays numeric until formatted; rows are per quote coin.
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export type PnlGroupBy = 'day' | 'coin' | 'client' | 'method' | 'exchange';

export interface PnlFilters {
  coin?: string;
  client?: string;
  method?: string;
}

export interface PnlRow {
  group: string;
  quoteCoin: string;
  count: number;
  /** Exact decimal text (quote coin). */
  notional: string;
  pnl: string;
  /** Notional-weighted: Σ pnl / Σ notional × 10 000. */
  pnlBps: number;
  winRate: number;
}

const GROUP_SQL: Record<PnlGroupBy, string> = {
  day: `to_char(locked_at AT TIME ZONE $3, 'YYYY-MM-DD')`,
  coin: 'base_coin',
  client: 'client_id',
  method: 'method',
  exchange: 'exchange',
};

/** WHERE clause over matched orders in [$1, $2) with the optional filters as $4..$6 ($3, the zone, is typed here for queries that do not group by day). */
const MATCHED_IN_PERIOD = `hedge_id IS NOT NULL AND locked_at >= $1 AND locked_at < $2 AND $3::text IS NOT NULL
  AND ($4::text IS NULL OR base_coin = $4) AND ($5::text IS NULL OR client_id = $5) AND ($6::text IS NULL OR method = $6)`;

const AGGREGATES = `count(*)::int AS count, sum(notional)::text AS notional, sum(pnl)::text AS pnl,
  (sum(pnl) / nullif(sum(notional), 0) * 10000)::float8 AS pnl_bps, avg((pnl > 0)::int)::float8 AS win_rate`;

function toRow(row: Record<string, unknown>): PnlRow {
  return {
    group: (row.grp as string | null) ?? '',
    quoteCoin: row.quote_coin as string,
    count: row.count as number,
    notional: row.notional as string,
    pnl: row.pnl as string,
    pnlBps: (row.pnl_bps as number | null) ?? 0,
    winRate: row.win_rate as number,
  };
}

export function createPnlRepository(db: Queryable) {
  const params = (from: Date, to: Date, timeZone: string, filters: PnlFilters) => [from, to, timeZone, filters.coin ?? null, filters.client ?? null, filters.method ?? null];
  return {
    async byGroup(from: Date, to: Date, timeZone: string, groupBy: PnlGroupBy, filters: PnlFilters): Promise<PnlRow[]> {
      const { rows } = await db.query(
        `SELECT ${GROUP_SQL[groupBy]} AS grp, quote_coin, ${AGGREGATES}
           FROM otc_bot.matches WHERE ${MATCHED_IN_PERIOD} GROUP BY 1, 2
          ORDER BY ${groupBy === 'day' ? '1, 2' : 'sum(pnl) DESC, 1, 2'}`,
        params(from, to, timeZone, filters),
      );
      return rows.map(toRow);
    },
    async totals(from: Date, to: Date, timeZone: string, filters: PnlFilters): Promise<PnlRow[]> {
      const { rows } = await db.query(
        `SELECT NULL AS grp, quote_coin, ${AGGREGATES} FROM otc_bot.matches WHERE ${MATCHED_IN_PERIOD} GROUP BY quote_coin ORDER BY quote_coin`,
        params(from, to, timeZone, filters),
      );
      return rows.map(toRow);
    },
    /** First and last lock time of matched orders (what "the data's range" means to users). */
    async dataRange(): Promise<{ first: Date; last: Date } | null> {
      const { rows } = await db.query<{ first: Date | null; last: Date | null }>(
        'SELECT min(locked_at) AS first, max(locked_at) AS last FROM otc_bot.matches WHERE hedge_id IS NOT NULL',
      );
      return rows[0].first && rows[0].last ? { first: rows[0].first, last: rows[0].last } : null;
    },
    async hasCoin(coin: string): Promise<boolean> {
      const { rows } = await db.query('SELECT EXISTS (SELECT 1 FROM otc_bot.matches WHERE base_coin = $1) AS found', [coin]);
      return rows[0].found;
    },
    async hasClient(client: string): Promise<boolean> {
      const { rows } = await db.query('SELECT EXISTS (SELECT 1 FROM otc_bot.matches WHERE client_id = $1) AS found', [client]);
      return rows[0].found;
    },
    async hasMethod(method: string): Promise<boolean> {
      const { rows } = await db.query('SELECT EXISTS (SELECT 1 FROM otc_bot.matches WHERE method = $1) AS found', [method]);
      return rows[0].found;
    },
    /** Known values to suggest after a typo (coins and methods are few; clients: the most active). */
    async known(field: 'coin' | 'method' | 'client', limit = 12): Promise<string[]> {
      const column = field === 'coin' ? 'base_coin' : field === 'method' ? 'method' : 'client_id';
      const { rows } = await db.query<{ value: string }>(
        `SELECT ${column} AS value FROM otc_bot.matches WHERE ${column} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT $1`,
        [limit],
      );
      return rows.map((row) => row.value);
    },
  };
}

export type PnlRepository = ReturnType<typeof createPnlRepository>;
