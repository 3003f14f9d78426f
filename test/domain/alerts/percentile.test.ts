import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { percentileCont, percentileOfUnion, rankOfUnion, sliceBounds } from '../../../src/domain/alerts/percentile.js';

const near = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≉ ${expected}`);

describe('percentileCont (linear interpolation, as PostgreSQL percentile_cont)', () => {
  test('hand-computed values', () => {
    // n = 4: P95 position 0.95 * 3 = 2.85 → 3 + 0.85 * (4 - 3) = 3.85
    near(percentileCont([1, 2, 3, 4], 0.95), 3.85);
    // P5 position 0.15 → 1 + 0.15 * 1
    near(percentileCont([1, 2, 3, 4], 0.05), 1.15);
    // n = 11 (0..100 step 10): P95 position 9.5 → 90 + 0.5 * 10 = 95
    assert.equal(percentileCont([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.95), 95);
    assert.equal(percentileCont([7], 0.95), 7);
    assert.equal(percentileCont([], 0.5), null);
  });
});

describe('percentile of a large set sliced by rank plus a few extra rows', () => {
  test('equals the full-sort percentile (property, seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 0, maxLength: 60 }),
        fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 0, maxLength: 8 }),
        fc.constantFrom(0.05, 0.5, 0.95, 0.01, 0.999),
        (common, extra, fraction) => {
          const sorted = [...common].sort((a, b) => a - b);
          const extraSorted = [...extra].sort((a, b) => a - b);
          const { offset, limit } = sliceBounds(sorted.length, extra.length, fraction);
          const slice = { count: sorted.length, offset, values: sorted.slice(offset, offset + limit) };
          const expected = percentileCont([...sorted, ...extraSorted].sort((a, b) => a - b), fraction);
          const actual = percentileOfUnion(slice, extraSorted, fraction);
          if (expected === null) assert.equal(actual, null);
          else assert.ok(Math.abs((actual as number) - expected) < 1e-9, `${actual} vs ${expected}`);
        },
      ),
      { seed: 20261125, numRuns: 2000 },
    );
  });

  test('a slice too narrow for the rank is a bug, reported loudly', () => {
    assert.throws(() => rankOfUnion({ count: 100, offset: 50, values: [5, 6] }, [], 10), /outside the fetched slice/);
  });
});
