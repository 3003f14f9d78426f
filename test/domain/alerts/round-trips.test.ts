import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type LockOrder, roundTripAlert, roundTripPairs } from '../../../src/domain/alerts/round-trips.js';

const T0 = Date.parse('2026-11-25T08:00:00Z');
const lock = (id: string, side: 'buy' | 'sell', amount: number, price: number, minutes: number, clientId = 'C1'): LockOrder => ({
  id,
  clientId,
  side,
  baseCoin: 'BTC',
  quoteCoin: 'USDT',
  amount,
  price,
  lockedAt: new Date(T0 + minutes * 60_000),
});
const rule = { windowMs: 5 * 60_000, amountTolerance: 0, scope: 'client' as const };
const ids = (pairs: ReturnType<typeof roundTripPairs>) => pairs.map((p) => `${p.buy.id}/${p.sell.id}`).sort();

describe('round trips', () => {
  test('buy then sell of the same amount within the window; gain = (sell - buy) * q', () => {
    const pairs = roundTripPairs([lock('A', 'buy', 1.5, 90_000, 0), lock('B', 'sell', 1.5, 90_400, 4)], rule);
    assert.deepEqual(ids(pairs), ['A/B']);
    assert.equal(pairs[0].clientGain, 600); // (90400 - 90000) * 1.5
    const alert = roundTripAlert(pairs[0], rule);
    assert.equal(alert.key, 'roundtrip:A:B');
    assert.equal(alert.severity, 'critical');
  });

  test('window edge: exactly 5 minutes apart pairs, 5 min 1 s does not', () => {
    assert.equal(roundTripPairs([lock('A', 'buy', 1, 1, 0), lock('B', 'sell', 1, 1, 5)], rule).length, 1);
    assert.equal(roundTripPairs([lock('A', 'buy', 1, 1, 0), lock('B', 'sell', 1, 1, 5 + 1 / 60)], rule).length, 0);
  });

  test('same side, other coin or other client never pair (scope client)', () => {
    const other = { ...lock('D', 'sell', 1, 1, 1), baseCoin: 'ETH' };
    assert.equal(roundTripPairs([lock('A', 'buy', 1, 1, 0), lock('B', 'buy', 1, 1, 1), other, lock('E', 'sell', 1, 1, 1, 'C2')], rule).length, 0);
  });

  test('amount tolerance is a fraction of the larger amount; 0 means equal amounts', () => {
    const locks = [lock('A', 'buy', 1.0, 1, 0), lock('B', 'sell', 1.01, 1, 1)];
    assert.equal(roundTripPairs(locks, rule).length, 0);
    // |1.01 - 1.00| = 0.01 <= 0.01 * 1.01 = 0.0101
    assert.equal(roundTripPairs(locks, { ...rule, amountTolerance: 0.01 }).length, 1);
    assert.equal(roundTripPairs([lock('A', 'buy', 1.0, 1, 0), lock('B', 'sell', 1.02, 1, 1)], { ...rule, amountTolerance: 0.01 }).length, 0);
    // Decimal amounts that are equal in the database stay equal after float conversion.
    assert.equal(roundTripPairs([lock('A', 'buy', 0.1 + 0.2, 1, 0), lock('B', 'sell', 0.3, 1, 1)], rule).length, 1);
  });

  test('scope any pairs two clients (possible collusion) and names both', () => {
    const locks = [lock('A', 'buy', 2, 100, 0, 'C1'), lock('B', 'sell', 2, 99, 2, 'C2')];
    assert.equal(roundTripPairs(locks, rule).length, 0);
    const pairs = roundTripPairs(locks, { ...rule, scope: 'any' });
    assert.deepEqual(ids(pairs), ['A/B']);
    const alert = roundTripAlert(pairs[0], { ...rule, scope: 'any' });
    assert.equal(alert.clientId, 'C1+C2');
    assert.equal(alert.severity, 'warning'); // the client lost 2
  });

  test('each pair once, whatever the input order and however often it is seen', () => {
    const locks = [lock('B', 'sell', 1, 1, 1), lock('A', 'buy', 1, 1, 0), lock('C', 'sell', 1, 1, 2)];
    assert.deepEqual(ids(roundTripPairs(locks, rule)), ['A/B', 'A/C']);
    assert.deepEqual(ids(roundTripPairs([...locks].reverse(), rule)), ['A/B', 'A/C']);
    // Keys are the same whichever lock came first, so the outbox stores the pair once.
    const keys = roundTripPairs(locks, rule).map((pair) => roundTripAlert(pair, rule).key);
    assert.deepEqual(keys.sort(), ['roundtrip:A:B', 'roundtrip:A:C']);
  });
});
