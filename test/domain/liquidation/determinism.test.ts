// The same seed gives the same answer whatever the number of worker threads (blocks of paths
// carry their own random streams). Runs real piscina workers through the tsx worker entry.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sweepLines } from '../../../src/domain/liquidation/barriers.js';
import { randomBook } from '../../../src/domain/liquidation/book.js';
import { summarise } from '../../../src/domain/liquidation/summary.js';
import type { SimulationSpec } from '../../../src/domain/liquidation/types.js';
import { createSimulationRunner, type SimulationRunner } from '../../../src/handlers/liq/pool.js';

const runners: SimulationRunner[] = [];
after(async () => {
  for (const runner of runners) await runner.close();
});

function jumpSpec(seed: number, positions: number): SimulationSpec {
  const stepYears = 1 / (365 * 24 * 12); // 5 minutes
  const { lines, mainLine } = sweepLines(0.65, 0.85);
  return {
    seed,
    paths: 5000, // 5 blocks: split unevenly over 2 threads × 4 tasks
    steps: 288,
    stepYears,
    model: { kind: 'jump', sigma: 1.2, lambda: 300, jumpMean: -0.06, jumpStd: 0.08 },
    bridgeVariance: 1.44 * stepYears,
    stressDrift: 0,
    stressSteps: 0,
    delayYears: 15 * 60_000 / (365 * 86_400_000),
    impact: { kind: 'sqrt', coefficient: 1, dailyVolatility: 0.06, dailyVolume: 5e7 },
    book: randomBook(seed, positions, 1_000_000, 0.65, 0.8),
    callLine: 0.8,
    lines,
    mainLine,
    samplePaths: 10,
    samplePoints: 25,
  };
}

describe('seed determinism across worker counts', () => {
  for (const positions of [1, 20]) {
    test(`0, 1 and 2 worker threads give identical results (${positions} position(s), seed 77)`, async () => {
      const results = [];
      for (const threads of [0, 1, 2]) {
        const runner = createSimulationRunner({ threads });
        runners.push(runner);
        results.push(await runner.run(jumpSpec(77, positions)));
      }
      const [inline, one, two] = results;
      // The run must be non-trivial for the comparison to mean anything.
      assert.ok(inline.loss.some((loss) => loss > 0), 'some paths lose money');
      assert.ok(inline.liquidationStep.some((step) => step > 0), 'some paths liquidate');
      for (const other of [one, two]) {
        assert.deepEqual(other.loss, inline.loss);
        assert.deepEqual(other.liquidationStep, inline.liquidationStep);
        assert.deepEqual(other.liquidatedPositions, inline.liquidatedPositions);
        assert.deepEqual(other.calledFirst, inline.calledFirst);
        assert.deepEqual(other.lineLossPaths, inline.lineLossPaths);
        assert.deepEqual(other.samples, inline.samples);
      }
      const spec = jumpSpec(77, positions);
      assert.deepEqual(summarise(spec, two, 0.001), summarise(spec, inline, 0.001));
    });
  }

  test('another seed gives another answer', async () => {
    const runner = createSimulationRunner({ threads: 0 });
    const a = await runner.run(jumpSpec(77, 1));
    const b = await runner.run(jumpSpec(78, 1));
    assert.notDeepEqual(a.loss, b.loss);
  });
});
