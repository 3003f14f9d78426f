import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildBarriers, CALL, sweepLines } from '../../../src/domain/liquidation/barriers.js';
import { gridFor } from '../../../src/domain/liquidation/grid.js';
import { requestProblem } from '../../../src/domain/liquidation/validate.js';

const ok = { ltv: 0.65, call: 0.8, liq: 0.9, paths: 20_000, steps: 2016, horizonMs: 7 * 86_400_000, delayMs: 60_000 };
const limits = { maxPaths: 1_000_000, maxPathSteps: 3e9 };

describe('liquidation request validation', () => {
  test('a sensible request passes', () => {
    assert.equal(requestProblem(ok, limits), null);
  });

  test('liq ≤ ltv is refused: the position would be liquidated at once', () => {
    assert.deepEqual(requestProblem({ ...ok, liq: 0.6 }, limits), { key: 'liq.error.liqNotAboveLtv', params: { ltv: '65.00%', liq: '60.00%' } });
    assert.equal(requestProblem({ ...ok, liq: 0.65 }, limits)?.key, 'liq.error.liqNotAboveLtv');
  });

  test('the call line must sit between ltv and liq', () => {
    assert.equal(requestProblem({ ...ok, call: 0.6 }, limits)?.key, 'liq.error.callNotAboveLtv');
    assert.equal(requestProblem({ ...ok, call: 0.95 }, limits)?.key, 'liq.error.liqNotAboveCall');
  });

  test('paths above the limit and too much work are refused with the numbers', () => {
    assert.deepEqual(requestProblem({ ...ok, paths: 1_000_001 }, limits), { key: 'liq.error.tooManyPaths', params: { paths: 1_000_001, max: 1_000_000 } });
    assert.equal(requestProblem({ ...ok, paths: 1_000_000, steps: 2880, horizonMs: 90 * 86_400_000 }, { ...limits, maxPathSteps: 1e9 })?.key, 'liq.error.tooMuchWork');
    // A book of 500 positions × 36 lines: each path may cross 18,000 lines, 3 units each.
    assert.deepEqual(requestProblem({ ...ok, paths: 100_000, barriers: 18_000 }, limits), {
      key: 'liq.error.tooMuchWork',
      params: { work: '5.6e+9', max: '3.0e+9' },
    });
    assert.equal(requestProblem({ ...ok, paths: 20_000, barriers: 18_000 }, limits), null);
  });

  test('a delay as long as the horizon is refused', () => {
    assert.equal(requestProblem({ ...ok, delayMs: ok.horizonMs }, limits)?.key, 'liq.error.delayTooLong');
  });
});

describe('time grid and lines', () => {
  test('1 day runs on 1-minute steps, 7 days on 5 minutes, 90 days on hours', () => {
    assert.deepEqual(gridFor(86_400_000), { timeframe: '1m', stepMs: 60_000, steps: 1440 });
    assert.deepEqual(gridFor(7 * 86_400_000), { timeframe: '5m', stepMs: 300_000, steps: 2016 });
    assert.deepEqual(gridFor(90 * 86_400_000), { timeframe: '1h', stepMs: 3_600_000, steps: 2160 });
  });

  test('the sweep covers every whole percent above the initial LTV and includes the asked line', () => {
    const { lines, mainLine } = sweepLines(0.65, 0.875);
    assert.equal(lines[0], 0.66);
    assert.equal(lines[lines.length - 1], 0.99);
    assert.equal(lines[mainLine], 0.875);
    assert.equal(lines.length, 35);
  });

  test('barriers are ordered from the highest price down, the call before the liquidation line', () => {
    const table = buildBarriers({ notional: Float64Array.of(1), ltv: Float64Array.of(0.5) }, 0.8, Float64Array.of(0.7, 0.9));
    assert.deepEqual(Array.from(table.line), [0, CALL, 1]);
    assert.ok(Math.abs(table.level[0] - Math.log(0.5 / 0.7)) < 1e-15);
  });
});
