// Loss arithmetic on hand-built paths. A bootstrap history of identical returns makes the path
// deterministic: the price falls 10 % every hour (0.9, 0.81, 0.729…).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bidDepthCurve } from '../../../src/domain/liquidation/depth.js';
import { liquidationLoss, slippageFraction } from '../../../src/domain/liquidation/loss.js';
import { simulateBlockRange } from '../../../src/domain/liquidation/simulate.js';
import type { ImpactModel, SimulationSpec } from '../../../src/domain/liquidation/types.js';

const HOUR = 1 / (365 * 24);
const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);

function handBuiltPath(options: { fall: number; delayHours: number; impact: ImpactModel; bridge: boolean }): SimulationSpec {
  return {
    seed: 1,
    paths: 1,
    steps: 6,
    stepYears: HOUR,
    model: { kind: 'bootstrap', returns: new Float64Array(50).fill(Math.log(1 - options.fall)), blockLength: 5 },
    bridgeVariance: options.bridge ? 1e-12 : 0,
    stressDrift: 0,
    stressSteps: 0,
    delayYears: options.delayHours * HOUR,
    impact: options.impact,
    // Collateral worth 1,000,000 at start, loan 650,000 (LTV 65 %); call 70 %, liquidation 80 %.
    book: { notional: Float64Array.of(1_000_000), ltv: Float64Array.of(0.65) },
    callLine: 0.7,
    lines: Float64Array.of(0.8),
    mainLine: 0,
    samplePaths: 1,
    samplePoints: 7,
  };
}

const run = (spec: SimulationSpec) => simulateBlockRange(spec, 0, 1);

describe('liquidation loss on hand-built paths', () => {
  test('the path is what it was built to be', () => {
    const result = run(handBuiltPath({ fall: 0.1, delayHours: 0, impact: { kind: 'fixed', fraction: 0 }, bridge: false }));
    const prices = Array.from(result.samples ?? [], (x) => Math.exp(x));
    for (const [i, p] of [1, 0.9, 0.81, 0.729, 0.6561, 0.59049, 0.531441].entries()) close(prices[i], p, 1e-6);
  });

  test('call at hour 1 (LTV 72.2 %), liquidation at hour 2 (80.2 %), sold 2 h later at 0.6561 minus 1 %: loss 461', () => {
    const result = run(handBuiltPath({ fall: 0.1, delayHours: 2, impact: { kind: 'fixed', fraction: 0.01 }, bridge: false }));
    assert.equal(result.liquidationStep[0], 2);
    assert.equal(result.calledFirst[0], 1);
    assert.equal(result.marginCallPaths, 1);
    // Observed only at whole hours, the trigger is the price at hour 2 (0.81); after 2 h more: 0.81 × 0.81.
    // Proceeds 1,000,000 × 0.6561 × 0.99 = 649,539; loan 650,000.
    close(result.loss[0], 650_000 - 649_539, 1e-6);
    assert.equal(result.lineLossPaths[0], 1);
  });

  test('without delay the same liquidation covers the loan', () => {
    const result = run(handBuiltPath({ fall: 0.1, delayHours: 0, impact: { kind: 'fixed', fraction: 0.01 }, bridge: false }));
    assert.equal(result.liquidationStep[0], 2);
    assert.equal(result.loss[0], 0); // 810,000 × 0.99 = 801,900 > 650,000
    assert.equal(result.lineLiquidatedPaths[0], 1);
    assert.equal(result.lineLossPaths[0], 0);
  });

  test('a diffusive step triggers at the line itself: 0.8125 × 0.81 × 0.99 covers the loan', () => {
    const result = run(handBuiltPath({ fall: 0.1, delayHours: 2, impact: { kind: 'fixed', fraction: 0.01 }, bridge: true }));
    assert.equal(result.liquidationStep[0], 2);
    assert.equal(result.loss[0], 0); // 1,000,000 × 0.65/0.8 × 0.81 × 0.99 = 651,543.75
  });

  test('a 50 % gap passes call and liquidation in one step: no warning, sold at 0.5 × 0.5 minus 2 %', () => {
    const result = run(handBuiltPath({ fall: 0.5, delayHours: 1, impact: { kind: 'fixed', fraction: 0.02 }, bridge: false }));
    assert.equal(result.liquidationStep[0], 1);
    assert.equal(result.calledFirst[0], 0);
    close(result.loss[0], 650_000 - 1_000_000 * 0.25 * 0.98);
  });

  test('square-root impact: Y · σ_daily · √(sale / daily volume)', () => {
    const impact: ImpactModel = { kind: 'sqrt', coefficient: 1, dailyVolatility: 0.05, dailyVolume: 100_000_000 };
    close(slippageFraction(impact, 656_100), 0.05 * Math.sqrt(0.006561)); // 0.405 %
    close(slippageFraction(impact, 1e12), 1); // capped: the book cannot lose more than everything
    close(liquidationLoss(650_000, 1_000_000, Math.log(0.6561), impact), 0); // 656,100 × (1 − 0.00405) = 653,443
    close(liquidationLoss(650_000, 1_000_000, Math.log(0.6), impact), 650_000 - 600_000 * (1 - 0.05 * Math.sqrt(0.006)));
  });

  test('depth curve: the exact walk down the bids, √size growth past the visible book', () => {
    // Mid 100,000; 0.5 BTC bid at 99,990, 1 at 99,900, 2 at 99,000.
    const impact = bidDepthCurve(
      [
        [99_990, 0.5],
        [99_900, 1],
        [99_000, 2],
      ],
      [[100_010, 1]],
    );
    assert.ok(impact);
    assert.deepEqual(Array.from(impact.notional), [49_995, 149_895, 347_895]);
    close(slippageFraction(impact, 10_000), 0.0001); // all at 99,990
    close(slippageFraction(impact, 49_995), 0.0001);
    // 49,995 at 99,990 and 22,227.22 at 99,900: 0.722495 BTC for 72,222.22, average 99,962.8.
    close(slippageFraction(impact, 72_222.22), 1 - 72_222.22 / (0.5 + 22_227.22 / 99_900) / 100_000, 1e-12);
    // The whole book: 347,895 for 3.5 BTC (average 99,398.57, 0.6014 %); twice that: × √2.
    close(slippageFraction(impact, 695_790), (1 - 347_895 / 3.5 / 100_000) * Math.SQRT2, 1e-12);
    assert.equal(bidDepthCurve([], [[1, 1]]), null);
  });
});
