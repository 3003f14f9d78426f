// The simulation against the closed-form first-passage probability of GBM (no delay, no slippage):
// at fine steps, and at coarse steps where only the Brownian bridge keeps the answer right.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstPassageProbability, normalCdf } from '../../../src/domain/liquidation/closed-form.js';
import { simulateBlockRange } from '../../../src/domain/liquidation/simulate.js';
import type { SimulationSpec } from '../../../src/domain/liquidation/types.js';
import { singlePositionSpec } from '../../support/simulation-spec.js';

const SIGMA = 1;
const HORIZON_YEARS = 30 / 365;
const LTV = 0.65;
const LINE = 0.9;
const PATHS = 20_480;

function gbmSpec(steps: number, bridge: boolean, seed: number): SimulationSpec {
  const stepYears = HORIZON_YEARS / steps;
  return singlePositionSpec({
    seed,
    paths: PATHS,
    steps,
    stepYears,
    model: { kind: 'gbm', sigma: SIGMA },
    bridgeVariance: bridge ? SIGMA * SIGMA * stepYears : 0,
    book: { notional: Float64Array.of(1), ltv: Float64Array.of(LTV) },
    lines: Float64Array.of(LINE),
  });
}

function simulatedHitProbability(spec: SimulationSpec): number {
  const result = simulateBlockRange(spec, 0, Math.ceil(spec.paths / 1024));
  return result.liquidationStep.filter((step) => step >= 0).length / spec.paths;
}

// b = ln(0.65/0.9) = −0.3254, σ√T = 0.2867: P ≈ 0.30 — far from 0 and 1, so the test has power.
const exact = firstPassageProbability(Math.log(LTV / LINE), -0.5 * SIGMA * SIGMA, SIGMA, HORIZON_YEARS);
const standardError = Math.sqrt((exact * (1 - exact)) / PATHS);

describe('GBM first passage: simulation vs closed form', () => {
  test('the normal CDF matches tabulated values', () => {
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
    assert.ok(Math.abs(normalCdf(-1.959964) - 0.025) < 1e-6);
    assert.ok(Math.abs(normalCdf(1) - 0.8413447) < 1e-6);
    assert.ok(Math.abs(normalCdf(-3) - 0.0013499) < 1e-6);
  });

  test('the closed form is about 0.30 for these parameters', () => {
    assert.ok(exact > 0.25 && exact < 0.35, `exact ${exact}`);
  });

  for (const [label, steps] of [
    ['fine steps (1 h)', 720],
    ['coarse steps (1 d)', 30],
    ['one step for the whole horizon', 1],
  ] as const) {
    test(`${label}, bridge on: within 4 standard errors (seed 101)`, () => {
      const simulated = simulatedHitProbability(gbmSpec(steps, true, 101));
      assert.ok(Math.abs(simulated - exact) < 4 * standardError, `simulated ${simulated}, exact ${exact}, se ${standardError}`);
    });
  }

  test('coarse steps without the bridge understate the probability (why the bridge is there)', () => {
    const simulated = simulatedHitProbability(gbmSpec(30, false, 101));
    assert.ok(exact - simulated > 10 * standardError, `simulated ${simulated}, exact ${exact}`);
  });
});
