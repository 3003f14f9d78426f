// The Monte Carlo kernel: simulates a range of path blocks. Each block of PATH_BLOCK paths draws
// from its own random stream (seed, block index), so the answer for a seed never depends on how
// the blocks are spread over worker threads.
//
// Within a step the price is treated as a Brownian bridge between the two simulated points: given
// both ends above a line at distances a and b (log), it dipped below in between with probability
// exp(−2ab / σ²Δt). Rather than one test per line, the step's minimum is drawn from the bridge's
// minimum distribution (one uniform), and every line at or above it counts as touched. The draw is
// made only when the next line is near (ab < 18σ²Δt; farther, the crossing chance is below 1e−15).
import { RandomSource } from '../random.js';
import { buildBarriers, CALL } from './barriers.js';
import { createIncrementBuffers, delayMove, fillIncrements } from './increments.js';
import { liquidationLoss } from './loss.js';
import { type BlockRangeResult, PATH_BLOCK, type SimulationSpec } from './types.js';

const NEAR = 18;

export function simulateBlockRange(spec: SimulationSpec, fromBlock: number, toBlock: number): BlockRangeResult {
  const { level, position, line } = buildBarriers(spec.book, spec.callLine, spec.lines);
  const firstPath = fromBlock * PATH_BLOCK;
  const endPath = Math.min(spec.paths, toBlock * PATH_BLOCK);
  const count = Math.max(0, endPath - firstPath);
  const result: BlockRangeResult = {
    firstPath,
    loss: new Float64Array(count),
    liquidationStep: new Int32Array(count).fill(-1),
    liquidatedPositions: new Uint32Array(count),
    calledFirst: new Uint32Array(count),
    lineLiquidatedPaths: new Int32Array(spec.lines.length),
    lineLossPaths: new Int32Array(spec.lines.length),
    marginCallPaths: 0,
    samples: fromBlock === 0 && spec.samplePaths > 0 ? new Float32Array(spec.samplePaths * spec.samplePoints) : null,
  };
  const buffers = createIncrementBuffers(spec);
  const diffusion = buffers.diffusion;
  const jumps = buffers.jumps;
  const steps = spec.steps;
  const variance = spec.bridgeVariance;
  const cut = NEAR * variance;
  const barrierCount = level.length;
  const lineCount = spec.lines.length;
  const mainLine = spec.mainLine;
  const { notional, ltv } = spec.book;
  const callStep = new Int32Array(ltv.length);
  const lineLoss = new Float64Array(lineCount);
  const lineHit = new Uint8Array(lineCount);

  for (let block = fromBlock; block < toBlock; block++) {
    const rng = new RandomSource(spec.seed, block);
    const blockEnd = Math.min(endPath, (block + 1) * PATH_BLOCK);
    for (let path = block * PATH_BLOCK; path < blockEnd; path++) {
      const out = path - firstPath;
      const move = delayMove(spec, rng);
      fillIncrements(spec, rng, buffers);
      callStep.fill(-1);
      lineLoss.fill(0);
      lineHit.fill(0);
      let pathLoss = 0;
      let liquidated = 0;
      let warned = 0;
      let firstStep = -1;
      let called = 0;
      const hit = (index: number, step: number, trigger: number) => {
        const p = position[index];
        const j = line[index];
        if (j === CALL) {
          callStep[p] = step;
          called = 1;
          return;
        }
        const loss = liquidationLoss(ltv[p] * notional[p], notional[p], trigger + move, spec.impact);
        lineHit[j] = 1;
        lineLoss[j] += loss;
        if (j !== mainLine) return;
        pathLoss += loss;
        liquidated++;
        if (callStep[p] >= 0 && callStep[p] < step) warned++;
        if (firstStep < 0) firstStep = step;
      };

      let next = 0;
      // A line already reached at the start (a book position above it) liquidates at once, at P0.
      while (next < barrierCount && level[next] >= 0) hit(next++, 0, 0);
      let x = 0;
      for (let k = 0; k < steps && next < barrierCount; k++) {
        const x0 = x;
        x = x0 + diffusion[k];
        const b = level[next];
        const d1 = x - b;
        if (d1 <= 0 || (x0 - b) * d1 < cut) {
          let low = x;
          if (variance > 0) {
            const dx = x - x0;
            low = 0.5 * (x0 + x - Math.sqrt(dx * dx - 2 * variance * Math.log(rng.nextFloat())));
          }
          // Touched inside a diffusive step: the sale is triggered at the line itself.
          while (next < barrierCount && level[next] >= low) {
            hit(next, k + 1, variance > 0 ? level[next] : x);
            next++;
          }
        }
        if (jumps !== null && jumps[k] !== 0) {
          x += jumps[k];
          // A jump gaps through: the sale is triggered at the price after the jump.
          while (next < barrierCount && level[next] >= x) hit(next++, k + 1, x);
        }
      }
      for (let j = 0; j < lineCount; j++) {
        result.lineLiquidatedPaths[j] += lineHit[j];
        if (lineLoss[j] > 0) result.lineLossPaths[j]++;
      }
      result.marginCallPaths += called;
      result.loss[out] = pathLoss;
      result.liquidationStep[out] = firstStep;
      result.liquidatedPositions[out] = liquidated;
      result.calledFirst[out] = warned;
      if (result.samples && path < spec.samplePaths) recordSample(result.samples, path, spec, buffers.diffusion, jumps);
    }
  }
  return result;
}

/** Log prices of one path at samplePoints evenly spaced times (t = 0 … horizon), for the chart. */
function recordSample(samples: Float32Array, path: number, spec: SimulationSpec, diffusion: Float64Array, jumps: Float64Array | null): void {
  const points = spec.samplePoints;
  let x = 0;
  let nextPoint = 1;
  samples[path * points] = 0;
  for (let k = 0; k < spec.steps; k++) {
    x += diffusion[k] + (jumps ? jumps[k] : 0);
    while (nextPoint < points && Math.round((nextPoint * spec.steps) / (points - 1)) === k + 1) samples[path * points + nextPoint++] = x;
  }
}
