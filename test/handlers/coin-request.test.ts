import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserError } from '../../src/bot/errors.js';
import { coinRequest, parseNotional, parsePair, parseVenues } from '../../src/handlers/coin/request.js';

const rejects = (run: () => unknown, key: string) =>
  assert.throws(run, (error: unknown) => error instanceof UserError && error.messageKey === key);

describe('/coin arguments', () => {
  test('pairs: BASE defaults to USDT; slash, dash and the perp spelling are accepted', () => {
    assert.deepEqual(parsePair('btc'), { base: 'BTC', quote: 'USDT' });
    assert.deepEqual(parsePair('ETH/USDC'), { base: 'ETH', quote: 'USDC' });
    assert.deepEqual(parsePair('sol-usdt'), { base: 'SOL', quote: 'USDT' });
    assert.deepEqual(parsePair('BTC/USDT:USDT'), { base: 'BTC', quote: 'USDT' });
    assert.deepEqual(parsePair('1000PEPE'), { base: '1000PEPE', quote: 'USDT' });
    for (const bad of ['BTC/', 'B$C', 'BTC/USDT/X', '', '比特币']) rejects(() => parsePair(bad), 'coin.badSymbol');
  });

  test('notional: plain, separated, k/m/万 and exponent forms within 1 to 1e9', () => {
    assert.equal(parseNotional('100000'), 100_000);
    assert.equal(parseNotional('1,000,000'), 1_000_000);
    assert.equal(parseNotional('250k'), 250_000);
    assert.equal(parseNotional('1.5M'), 1_500_000);
    assert.equal(parseNotional('50万'), 500_000);
    assert.equal(parseNotional('1e6'), 1_000_000);
    for (const bad of ['0', '-5', 'abc', '2e9', '1.2.3', '']) rejects(() => parseNotional(bad), 'coin.badNotional');
  });

  test('venues: ccxt ids, deduplicated; unknown ones are named', () => {
    assert.deepEqual(parseVenues('OKX, binance,okx', []), ['okx', 'binance']);
    assert.deepEqual(parseVenues(undefined, ['htx', 'bybit']), ['htx', 'bybit']);
    assert.throws(
      () => parseVenues('binance,nowhere', []),
      (error: unknown) => error instanceof UserError && error.params.names === 'nowhere',
    );
  });

  test('defaults come from the settings', () => {
    assert.deepEqual(coinRequest({ symbol: 'btc' }, { notional: 100_000, venues: ['htx', 'binance'] }), {
      base: 'BTC',
      quote: 'USDT',
      notional: 100_000,
      venues: ['htx', 'binance'],
    });
  });
});
