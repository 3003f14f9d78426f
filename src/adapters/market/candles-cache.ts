// PostgreSQL cache of candles for /liq (tables from migration 040).
import type pg from 'pg';
import type { Candle } from '../../domain/liquidation/estimate.js';

export interface CandleSeriesKey {
  venue: string;
  symbol: string;
  timeframe: string;
}

export interface CandleCache {
  /** The newest `limit` candles, oldest first. */
  latest(key: CandleSeriesKey, limit: number): Promise<Candle[]>;
  lastFetchedAt(key: CandleSeriesKey): Promise<Date | null>;
  store(key: CandleSeriesKey, candles: readonly Candle[], fetchedAt: Date): Promise<void>;
}

export function createCandleCache(db: pg.Pool): CandleCache {
  return {
    async latest(key, limit) {
      const { rows } = await db.query<{ t: string; open: number; high: number; low: number; close: number; volume: number }>(
        `SELECT (extract(epoch FROM open_time) * 1000)::bigint AS t, open, high, low, close, volume
           FROM (SELECT * FROM otc_bot.liq_candles WHERE venue = $1 AND symbol = $2 AND timeframe = $3
                 ORDER BY open_time DESC LIMIT $4) newest
          ORDER BY open_time`,
        [key.venue, key.symbol, key.timeframe, limit],
      );
      return rows.map((r) => ({ time: Number(r.t), open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume }));
    },
    async lastFetchedAt(key) {
      const { rows } = await db.query<{ fetched_at: Date }>(
        'SELECT fetched_at FROM otc_bot.liq_candle_fetches WHERE venue = $1 AND symbol = $2 AND timeframe = $3',
        [key.venue, key.symbol, key.timeframe],
      );
      return rows[0]?.fetched_at ?? null;
    },
    async store(key, candles, fetchedAt) {
      if (candles.length > 0) {
        // One statement with arrays: a few thousand rows in one round trip (PGlite runs one session).
        await db.query(
          `INSERT INTO otc_bot.liq_candles (venue, symbol, timeframe, open_time, open, high, low, close, volume)
           SELECT $1, $2, $3, to_timestamp(t / 1000.0), o, h, l, c, v
             FROM unnest($4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[]) AS u(t, o, h, l, c, v)
           ON CONFLICT (venue, symbol, timeframe, open_time)
           DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume`,
          [
            key.venue,
            key.symbol,
            key.timeframe,
            candles.map((c) => c.time),
            candles.map((c) => c.open),
            candles.map((c) => c.high),
            candles.map((c) => c.low),
            candles.map((c) => c.close),
            candles.map((c) => c.volume),
          ],
        );
      }
      await db.query(
        `INSERT INTO otc_bot.liq_candle_fetches (venue, symbol, timeframe, fetched_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (venue, symbol, timeframe) DO UPDATE SET fetched_at = EXCLUDED.fetched_at`,
        [key.venue, key.symbol, key.timeframe, fetchedAt],
      );
    },
  };
}
