// The price models take no view on direction (E[P_T] = P0) and have the volatility they claim;
// the jump estimator finds the jumps it was given.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RandomSource } from '../../../src/domain/random.js';
import { estimateJumpModel } from '../../../src/domain/liquidation/estimate.js';
import { createIncrementBuffers, delayMove, fillIncrements } from '../../../src/domain/liquidation/increments.js';
import type { PriceModel, SimulationSpec } from '../../../src/domain/liquidation/types.js';
import { singlePositionSpec } from '../../support/simulation-spec.js';

const STEP_YEARS = 1 / (365 * 24); // 1 hour
const STEPS = 24 * 7;

function spec(model: PriceModel): SimulationSpec {
  return singlePositionSpec({ steps: STEPS, stepYears: STEP_YEARS, model, delayYears: STEP_YEARS });
}

/** Terminal log prices of n paths. */
function terminal(s: SimulationSpec, n: number, seed: number): Float64Array {
  const rng = new RandomSource(seed);
  const buffers = createIncrementBuffers(s);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    fillIncrements(s, rng, buffers);
    let x = 0;
    for (let k = 0; k < s.steps; k++) x += buffers.diffusion[k] + (buffers.jumps ? buffers.jumps[k] : 0);
    out[i] = x;
  }
  return out;
}

function meanAndError(values: ArrayLike<number>): { mean: number; error: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    squares += values[i] * values[i];
  }
  const mean = sum / values.length;
  return { mean, error: Math.sqrt((squares / values.length - mean * mean) / values.length) };
}

describe('price models', () => {
  test('gbm: E[P_T/P0] = 1 and Var(ln P_T) = σ²T (seed 21)', () => {
    const x = terminal(spec({ kind: 'gbm', sigma: 0.8 }), 40_000, 21);
    const growth = meanAndError(Array.from(x, Math.exp));
    assert.ok(Math.abs(growth.mean - 1) < 4 * growth.error, `E[P_T/P0] = ${growth.mean} ± ${growth.error}`);
    const { mean } = meanAndError(x);
    const variance = x.reduce((sum, v) => sum + (v - mean) ** 2, 0) / x.length;
    const want = 0.64 * STEPS * STEP_YEARS;
    // sd of a sample variance of normals: want·√(2/n) ≈ 0.7 % of want here.
    assert.ok(Math.abs(variance / want - 1) < 0.03, `variance ${variance} vs ${want}`);
  });

  test('jump: compensated, so E[P_T/P0] = 1 despite −5 % average jumps (seed 22)', () => {
    const model: PriceModel = { kind: 'jump', sigma: 0.5, lambda: 200, jumpMean: -0.05, jumpStd: 0.04 };
    const x = terminal(spec(model), 40_000, 22);
    const growth = meanAndError(Array.from(x, Math.exp));
    assert.ok(Math.abs(growth.mean - 1) < 4 * growth.error, `E[P_T/P0] = ${growth.mean} ± ${growth.error}`);
    // Without the compensator the mean would be e^{λT(E[e^J]−1)} ≈ 0.83: far outside the error.
    assert.ok(growth.error < 0.01);
  });

  test('the delay move of gbm has mean e^move = 1 and variance σ²·delay (seed 23)', () => {
    const s = spec({ kind: 'gbm', sigma: 0.8 });
    const rng = new RandomSource(23);
    const moves = Float64Array.from({ length: 100_000 }, () => delayMove(s, rng));
    const growth = meanAndError(Array.from(moves, Math.exp));
    assert.ok(Math.abs(growth.mean - 1) < 4 * growth.error);
    const { mean } = meanAndError(moves);
    const variance = moves.reduce((sum, v) => sum + (v - mean) ** 2, 0) / moves.length;
    assert.ok(Math.abs(variance / (0.64 * STEP_YEARS) - 1) < 0.02);
  });

  test('the jump estimator recovers rate and size from a simulated Merton series (seed 24)', () => {
    // One step = 1 hour; diffusion sd 0.2 % a step, jumps 1 % of steps with size N(−3 %, 1 %).
    const rng = new RandomSource(24);
    const returns = new Float64Array(100_000);
    let jumps = 0;
    for (let i = 0; i < returns.length; i++) {
      returns[i] = 0.002 * rng.nextNormal();
      if (rng.nextFloat() < 0.01) {
        returns[i] += -0.03 + 0.01 * rng.nextNormal();
        jumps++;
      }
    }
    const estimated = estimateJumpModel(returns, STEP_YEARS);
    const trueRate = jumps / (returns.length * STEP_YEARS);
    // Jumps smaller than 5 diffusion sds (1 %) hide in the diffusion: about 2.5 % of them here.
    assert.ok(estimated.lambda > 0.93 * trueRate && estimated.lambda <= 1.01 * trueRate, `λ ${estimated.lambda} vs ${trueRate}`);
    assert.ok(Math.abs(estimated.jumpMean + 0.03) < 0.002, `jump mean ${estimated.jumpMean}`);
    assert.ok(Math.abs(estimated.sigma / (0.002 / Math.sqrt(STEP_YEARS)) - 1) < 0.05, `σ ${estimated.sigma}`);
  });
});
