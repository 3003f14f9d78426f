import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leastSquaresSlope, welchT } from '../../src/domain/stats.js';

function sums(xs: number[], ys: number[]) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, syy = 0, sxy = 0;
  xs.forEach((x, i) => { sxx += (x - mx) ** 2; syy += (ys[i] - my) ** 2; sxy += (x - mx) * (ys[i] - my); });
  return { n, sxx, syy, sxy };
}

describe('leastSquaresSlope', () => {
  test('hand-computed slope and standard error', () => {
    // x = 1..5, y = 2, 4, 5, 4, 5: slope 0.6, residual SS 2.4, SE = sqrt(2.4 / 3 / 10) = 0.28284.
    const s = leastSquaresSlope(sums([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]));
    assert.ok(Math.abs(s.slope - 0.6) < 1e-12);
    assert.ok(Math.abs(s.standardError - Math.sqrt(0.08)) < 1e-12);
    assert.equal(s.n, 5);
  });

  test('too few points or constant x give NaN, not a made-up slope', () => {
    assert.ok(Number.isNaN(leastSquaresSlope(sums([1, 2], [1, 2])).slope));
    assert.ok(Number.isNaN(leastSquaresSlope(sums([3, 3, 3], [1, 2, 3])).slope));
  });
});

describe('welchT', () => {
  test('hand-computed', () => {
    // (5 - 3) / sqrt(4/16 + 9/9) = 2 / sqrt(1.25) = 1.78885
    assert.ok(Math.abs(welchT({ n: 16, mean: 5, sd: 2 }, { n: 9, mean: 3, sd: 3 }) - 2 / Math.sqrt(1.25)) < 1e-12);
  });
});
