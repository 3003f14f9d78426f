// Turns merged per-path results into what the risk team reads: probabilities with their Monte Carlo
// standard errors, expected loss, VaR/ES 99 %, time to liquidation, and the liquidation-line sweep.
import type { BlockRangeResult, SimulationSpec } from './types.js';

export interface LineSweepPoint {
  line: number;
  pLiquidation: number;
  pLoss: number;
}

export interface LiquidationSummary {
  paths: number;
  pLiquidation: number;
  pLiquidationStdError: number;
  /** P(the margin-call line is reached within the horizon), any position for a book. */
  pMarginCall: number;
  pLoss: number;
  pLossStdError: number;
  expectedLoss: number;
  var99: number;
  es99: number;
  /** Mean loss over the paths that lost money (0 when none did). */
  lossGivenLoss: number;
  /** Share of liquidations whose margin call came at an earlier step. */
  calledFirstShare: number;
  /** Mean share of the book's positions liquidated (book mode; 0 or 1 for one position). */
  meanLiquidatedShare: number;
  /** Time to first liquidation in years, among liquidated paths: 10 %, 50 %, 90 % quantiles. */
  timeToLiquidation: { p10: number; p50: number; p90: number } | null;
  sweep: LineSweepPoint[];
  /** Highest sweep line whose P(loss) stays at or under the target, null when none does. */
  safeLine: number | null;
  losses: Float64Array;
}

/** Concatenates range results in path order (ranges may arrive in any order). */
export function mergeRanges(spec: SimulationSpec, ranges: BlockRangeResult[]): BlockRangeResult {
  const ordered = [...ranges].sort((a, b) => a.firstPath - b.firstPath);
  const merged: BlockRangeResult = {
    firstPath: 0,
    loss: new Float64Array(spec.paths),
    liquidationStep: new Int32Array(spec.paths),
    liquidatedPositions: new Uint32Array(spec.paths),
    calledFirst: new Uint32Array(spec.paths),
    lineLiquidatedPaths: new Int32Array(spec.lines.length),
    lineLossPaths: new Int32Array(spec.lines.length),
    marginCallPaths: 0,
    samples: ordered.find((r) => r.samples)?.samples ?? null,
  };
  for (const range of ordered) {
    merged.loss.set(range.loss, range.firstPath);
    merged.liquidationStep.set(range.liquidationStep, range.firstPath);
    merged.liquidatedPositions.set(range.liquidatedPositions, range.firstPath);
    merged.calledFirst.set(range.calledFirst, range.firstPath);
    merged.marginCallPaths += range.marginCallPaths;
    for (let j = 0; j < spec.lines.length; j++) {
      merged.lineLiquidatedPaths[j] += range.lineLiquidatedPaths[j];
      merged.lineLossPaths[j] += range.lineLossPaths[j];
    }
  }
  return merged;
}

export function summarise(spec: SimulationSpec, merged: BlockRangeResult, lossTarget: number): LiquidationSummary {
  const n = spec.paths;
  const positions = spec.book.ltv.length;
  let liquidatedPaths = 0;
  let lossPaths = 0;
  let lossSum = 0;
  let liquidations = 0;
  let warned = 0;
  let liquidatedShare = 0;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const loss = merged.loss[i];
    lossSum += loss; // path order, so the sum is the same for any worker split
    if (loss > 0) lossPaths++;
    if (merged.liquidationStep[i] >= 0) {
      liquidatedPaths++;
      times.push(merged.liquidationStep[i] * spec.stepYears);
    }
    liquidations += merged.liquidatedPositions[i];
    warned += merged.calledFirst[i];
    liquidatedShare += merged.liquidatedPositions[i] / positions;
  }
  const sorted = Float64Array.from(merged.loss).sort();
  const tail = Math.max(1, Math.ceil(n * 0.01));
  let tailSum = 0;
  for (let i = n - tail; i < n; i++) tailSum += sorted[i];
  times.sort((a, b) => a - b);
  const pLiquidation = liquidatedPaths / n;
  const pLoss = lossPaths / n;
  const sweep = Array.from(spec.lines, (line, j) => ({
    line,
    pLiquidation: merged.lineLiquidatedPaths[j] / n,
    pLoss: merged.lineLossPaths[j] / n,
  }));
  const safe = sweep.filter((point) => point.pLoss <= lossTarget);
  return {
    paths: n,
    pLiquidation,
    pLiquidationStdError: Math.sqrt((pLiquidation * (1 - pLiquidation)) / n),
    pMarginCall: merged.marginCallPaths / n,
    pLoss,
    pLossStdError: Math.sqrt((pLoss * (1 - pLoss)) / n),
    expectedLoss: lossSum / n,
    var99: quantile(sorted, 0.99),
    es99: tailSum / tail,
    lossGivenLoss: lossPaths > 0 ? lossSum / lossPaths : 0,
    calledFirstShare: liquidations > 0 ? warned / liquidations : 0,
    meanLiquidatedShare: liquidatedShare / n,
    timeToLiquidation: times.length > 0 ? { p10: quantile(times, 0.1), p50: quantile(times, 0.5), p90: quantile(times, 0.9) } : null,
    sweep,
    safeLine: safe.length > 0 ? safe[safe.length - 1].line : null,
    losses: merged.loss,
  };
}

/** Linear interpolation between order statistics, as PostgreSQL's percentile_cont. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
}
