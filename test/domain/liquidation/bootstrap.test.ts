// The block bootstrap keeps the history's return distribution: simulated one-step returns have the
// history's moments (after centring), and blocks are runs of consecutive history.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RandomSource } from '../../../src/domain/random.js';
import { centredReturns, logReturns, moments } from '../../../src/domain/liquidation/estimate.js';
import { createIncrementBuffers, fillIncrements } from '../../../src/domain/liquidation/increments.js';
import { syntheticCandles } from '../../../src/domain/liquidation/synthetic-candles.js';
import type { SimulationSpec } from '../../../src/domain/liquidation/types.js';
import { singlePositionSpec } from '../../support/simulation-spec.js';

const STEP_MS = 60_000;
const history = centredReturns(logReturns(syntheticCandles('BTC', STEP_MS, 2001, Date.UTC(2026, 10, 1))));

function spec(blockLength: number, steps: number): SimulationSpec {
  return singlePositionSpec({ seed: 3, steps, stepYears: STEP_MS / (365 * 86_400_000), model: { kind: 'bootstrap', returns: history, blockLength } });
}

describe('block bootstrap', () => {
  test('returns are taken only between candles one step apart (the cache may hold separate windows)', () => {
    const candle = (minute: number, close: number) => ({ time: minute * 60_000, open: close, high: close, low: close, close, volume: 1 });
    const returns = logReturns([candle(0, 100), candle(1, 110), candle(2, 99), candle(600, 50), candle(601, 55)], 60_000);
    assert.deepEqual(Array.from(returns), [Math.log(1.1), Math.log(0.9), Math.log(1.1)]);
  });

  test('centring makes the expected price change exactly zero', () => {
    const growth = history.reduce((sum, r) => sum + Math.exp(r), 0) / history.length;
    assert.ok(Math.abs(growth - 1) < 1e-12);
  });

  test('the synthetic history is fat-tailed, so the moment check below has something to preserve', () => {
    assert.ok(moments(history).kurtosis > 4, `kurtosis ${moments(history).kurtosis}`);
  });

  test('simulated returns keep mean, variance, skewness and kurtosis of the history (seed 3)', () => {
    const s = spec(60, 1440);
    const buffers = createIncrementBuffers(s);
    const rng = new RandomSource(3);
    const draws = new Float64Array(1440 * 500);
    for (let path = 0; path < 500; path++) {
      fillIncrements(s, rng, buffers);
      draws.set(buffers.diffusion, path * 1440);
    }
    const want = moments(history);
    const got = moments(draws);
    const sd = Math.sqrt(want.variance);
    // 720k draws in 12k blocks: errors are tiny next to these bounds (about 5 standard errors each).
    assert.ok(Math.abs(got.mean - want.mean) < 0.02 * sd, `mean ${got.mean} vs ${want.mean}`);
    assert.ok(Math.abs(got.variance / want.variance - 1) < 0.03, `variance ${got.variance} vs ${want.variance}`);
    assert.ok(Math.abs(got.skewness - want.skewness) < 0.15, `skewness ${got.skewness} vs ${want.skewness}`);
    assert.ok(Math.abs(got.kurtosis / want.kurtosis - 1) < 0.15, `kurtosis ${got.kurtosis} vs ${want.kurtosis}`);
  });

  test('each block is a run of consecutive historical returns (wrapping round the end)', () => {
    const s = spec(25, 100);
    const buffers = createIncrementBuffers(s);
    fillIncrements(s, new RandomSource(9), buffers);
    for (let block = 0; block < 4; block++) {
      const start = history.indexOf(buffers.diffusion[block * 25]);
      assert.ok(start >= 0);
      for (let i = 1; i < 25; i++) assert.equal(buffers.diffusion[block * 25 + i], history[(start + i) % history.length]);
    }
  });

  test('a stress scenario adds its drift to the first steps only', () => {
    const plain = spec(25, 100);
    const stressed: SimulationSpec = { ...plain, stressDrift: Math.log(0.5) / 10, stressSteps: 10 };
    const a = createIncrementBuffers(plain);
    const b = createIncrementBuffers(stressed);
    fillIncrements(plain, new RandomSource(4), a);
    fillIncrements(stressed, new RandomSource(4), b);
    const sum = (values: Float64Array, from: number, to: number) => values.slice(from, to).reduce((x, y) => x + y, 0);
    assert.ok(Math.abs(sum(b.diffusion, 0, 10) - sum(a.diffusion, 0, 10) - Math.log(0.5)) < 1e-12);
    assert.deepEqual(b.diffusion.slice(10), a.diffusion.slice(10));
  });
});
