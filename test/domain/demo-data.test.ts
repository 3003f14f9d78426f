import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DemoBatch, demoOrders } from '../../src/domain/demo-data.js';
import { type HedgeOrder, isCandidate, type LockOrder } from '../../src/domain/matching.js';

const END = Date.parse('2026-11-25T00:00:00Z');
const collect = (seed: number, locks = 6000): DemoBatch => {
  const all: DemoBatch = { locks: [], hedges: [], truth: [] };
  for (const batch of demoOrders({ locks, seed, days: 60, endMs: END }, 1000)) {
    all.locks.push(...batch.locks);
    all.hedges.push(...batch.hedges);
    all.truth.push(...batch.truth);
  }
  return all;
};

describe('demoOrders', () => {
  const data = collect(7);

  test('is deterministic for a seed and differs between seeds', () => {
    assert.deepEqual(collect(7), data);
    assert.notDeepEqual(collect(8).locks.slice(0, 5), data.locks.slice(0, 5));
  });

  test('has exactly the requested locks spread over the period, with ~10 coins, USDT/USDC and skewed clients', () => {
    assert.equal(data.locks.length, 6000);
    const times = data.locks.map((l) => l.lockedAt);
    assert.ok(Math.min(...times) < END - 58 * 86_400_000 && Math.max(...times) > END - 86_400_000 && Math.max(...times) <= END);
    assert.ok(new Set(data.locks.map((l) => l.baseCoin)).size >= 10);
    assert.deepEqual([...new Set(data.locks.map((l) => l.quoteCoin))].sort(), ['USDC', 'USDT']);
    const perClient = new Map<string, number>();
    for (const l of data.locks) perClient.set(l.clientId, (perClient.get(l.clientId) ?? 0) + 1);
    const counts = [...perClient.values()].sort((a, b) => b - a);
    assert.ok(perClient.size > 150 && counts[0] > 20 * counts[Math.floor(counts.length / 2)], 'a few clients trade most');
  });

  test('the truth pairs are matching candidates (partial fills within 1 %), with unhedged locks and orphan hedges', () => {
    const rules = { tolerance: 0.01, maxLagMs: 24 * 3600_000 };
    const hedges = new Map(data.hedges.map((h) => [h.id, h]));
    const lockOf = (l: (typeof data.locks)[number]): LockOrder => ({ ...l, baseAmount: Number(l.baseAmount), baseAmountText: l.baseAmount, price: Number(l.price) });
    const hedgeOf = (h: (typeof data.hedges)[number]): HedgeOrder => ({ ...h, baseAmount: Number(h.baseAmount), baseAmountText: h.baseAmount, avgPrice: Number(h.avgPrice), fee: Number(h.fee) });
    const locks = new Map(data.locks.map((l) => [l.id, l]));
    let partial = 0;
    let unhedged = 0;
    for (const [lockId, hedgeId] of data.truth) {
      if (hedgeId === null) {
        unhedged += 1;
        continue;
      }
      const lock = locks.get(lockId);
      const hedge = hedges.get(hedgeId);
      assert.ok(lock && hedge);
      assert.ok(isCandidate(lockOf(lock), hedgeOf(hedge), rules), `${lockId} → ${hedgeId}`);
      if (lock.baseAmount !== hedge.baseAmount) partial += 1;
    }
    assert.ok(unhedged > 20 && unhedged < 200, `unhedged ${unhedged}`);
    assert.ok(partial > 500, `partial fills ${partial}`);
    const paired = new Set(data.truth.map((t) => t[1]));
    assert.ok(data.hedges.filter((h) => !paired.has(h.id)).length > 20, 'some hedges have no lock');
  });

  test('methods include legacy alameda; fees are non-negative; there are planted round trips', () => {
    const methods = new Set(data.hedges.map((h) => h.method));
    for (const method of ['twap', 'otchedge', 'rfq', 'alameda']) assert.ok(methods.has(method), method);
    assert.ok(data.hedges.every((h) => Number(h.fee) >= 0 && Number(h.avgPrice) > 0 && Number(h.baseAmount) > 0));
    const roundTrips = data.locks.filter((a, i) => {
      const b = data.locks[i + 1];
      return b && a.clientId === b.clientId && a.baseCoin === b.baseCoin && a.side !== b.side && a.baseAmount === b.baseAmount && b.lockedAt - a.lockedAt <= 300_000;
    });
    assert.ok(roundTrips.length >= 5, `round trips ${roundTrips.length}`);
  });
});
