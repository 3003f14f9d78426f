import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RandomSource } from '../../src/domain/random.js';

describe('RandomSource', () => {
  test('the same seed and stream give the same numbers; another stream gives others', () => {
    const draw = (seed: number, stream: number) => {
      const rng = new RandomSource(seed, stream);
      return Array.from({ length: 8 }, () => rng.nextInt32());
    };
    assert.deepEqual(draw(7, 3), draw(7, 3));
    assert.notDeepEqual(draw(7, 3), draw(7, 4));
    assert.notDeepEqual(draw(7, 3), draw(8, 3));
  });

  test('uniforms lie in (0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new RandomSource(11);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      assert.ok(u > 0 && u < 1);
      sum += u;
      squares += u * u;
    }
    const mean = sum / n;
    // 5 standard errors: sd of U is 0.2887.
    assert.ok(Math.abs(mean - 0.5) < (5 * 0.2887) / Math.sqrt(n), `mean ${mean}`);
    assert.ok(Math.abs(squares / n - mean * mean - 1 / 12) < 0.002);
  });

  test('Ziggurat normals have the standard normal moments and tails (seed 2024)', () => {
    const n = 1_000_000;
    const out = new Float64Array(n);
    new RandomSource(2024).fillNormals(out, 0, n, 1, 0);
    let sum = 0;
    let squares = 0;
    let fourth = 0;
    let below3 = 0;
    let below1 = 0;
    for (const z of out) {
      sum += z;
      squares += z * z;
      fourth += z ** 4;
      if (z < -3) below3++;
      if (z < -1) below1++;
    }
    const se = 1 / Math.sqrt(n);
    assert.ok(Math.abs(sum / n) < 5 * se, `mean ${sum / n}`);
    assert.ok(Math.abs(squares / n - 1) < 5 * Math.SQRT2 * se, `variance ${squares / n}`);
    assert.ok(Math.abs(fourth / n - 3) < 5 * Math.sqrt(96) * se, `fourth moment ${fourth / n}`);
    // Φ(−3) = 0.0013499, Φ(−1) = 0.1586553; binomial standard errors.
    assert.ok(Math.abs(below3 / n - 0.0013499) < 5 * Math.sqrt(0.00135 / n), `P(Z<-3) ${below3 / n}`);
    assert.ok(Math.abs(below1 / n - 0.1586553) < 5 * Math.sqrt((0.1587 * 0.8413) / n), `P(Z<-1) ${below1 / n}`);
  });

  test('fillNormals applies scale and shift and matches nextNormal draw for draw', () => {
    const a = new RandomSource(5);
    const b = new RandomSource(5);
    const out = new Float64Array(1000);
    a.fillNormals(out, 0, 1000, 2, -1);
    for (let i = 0; i < 1000; i++) assert.equal(out[i], -1 + 2 * b.nextNormal());
  });
});
