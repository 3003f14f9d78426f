// /liq's candle source against a real PostgreSQL: the cache keeps one row per candle, serves the
// newest first-in-time order, and when no venue answers the demo falls back to labelled synthetic candles.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCandleCache } from '../../src/adapters/market/candles-cache.js';
import { loadCandleHistory } from '../../src/adapters/market/candles-source.js';
import { createCandleFetcher } from '../../src/adapters/market/candles.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

const series = { venue: 'htx', symbol: 'BTC/USDT', timeframe: '1m' };
const candle = (minute: number, close: number) => ({ time: Date.UTC(2026, 10, 1, 0, minute), open: close, high: close + 1, low: close - 1, close, volume: 2 });
// A closed port: a real ccxt request that fails at once.
const unreachable = createCandleFetcher({ overrides: { htx: 'http://127.0.0.1:9' }, timeoutMs: 2000 });

describe('candle cache and source', () => {
  test('overlapping fetches keep one row per candle, the newer values win, oldest first', async () => {
    const cache = createCandleCache(database.pool);
    await cache.store(series, [candle(0, 100), candle(1, 101), candle(2, 102)], new Date('2026-11-01T00:03:00Z'));
    await cache.store(series, [candle(2, 103), candle(3, 104)], new Date('2026-11-01T00:04:00Z'));
    assert.deepEqual(
      (await cache.latest(series, 10)).map((c) => c.close),
      [100, 101, 103, 104],
    );
    assert.deepEqual(
      (await cache.latest(series, 2)).map((c) => c.close),
      [103, 104],
    );
    assert.deepEqual(await cache.lastFetchedAt(series), new Date('2026-11-01T00:04:00Z'));
  });

  test('venue unreachable with a cache: the cached candles and the age of the newest close', async () => {
    const history = await loadCandleHistory(
      { cache: createCandleCache(database.pool), fetcher: unreachable, now: () => new Date('2026-11-01T01:04:00Z'), allowSynthetic: true },
      { ...series, coin: 'BTC', stepMs: 60_000 },
    );
    assert.equal(history.origin, 'stale-cache');
    assert.equal(history.candles.length, 4);
    assert.equal(history.ageMs, 60 * 60_000); // newest opened 00:03, closed 00:04; now 01:04
    assert.match(history.venueError ?? '', /NetworkError/);
  });

  test('nothing cached and no venue: synthetic candles in demo mode, none otherwise', async () => {
    const deps = { cache: createCandleCache(database.pool), fetcher: unreachable, now: () => new Date('2026-11-01T01:04:00Z') };
    const key = { venue: 'htx', symbol: 'ETH/USDT', timeframe: '5m', coin: 'ETH', stepMs: 300_000 };
    const demo = await loadCandleHistory({ ...deps, allowSynthetic: true }, key);
    assert.equal(demo.origin, 'synthetic');
    assert.equal(demo.candles.length, 2000);
    assert.equal(demo.candles[1].time - demo.candles[0].time, 300_000);
    const served = await loadCandleHistory({ ...deps, allowSynthetic: false }, key);
    assert.equal(served.origin, 'none');
    assert.deepEqual(served.candles, []);
  });
});
