// What one liquidation Monte Carlo run needs and returns. Plain data (typed arrays, numbers) so a
// spec crosses to worker threads by structured clone and results come back by transfer.
//
// Conventions: prices are in log space relative to the start price P0 (x = ln(P/P0), x0 = 0);
// money is in the quote coin; time is in years (1 year = 365 days, crypto trades every day).

/** Price dynamics of the collateral coin per simulation step. */
export type PriceModel =
  /** Geometric Brownian motion with zero price drift: log drift −σ²/2. */
  | { kind: 'gbm'; sigma: number }
  /** Merton jump-diffusion: diffusion σ plus Poisson(λ) jumps of log size N(jumpMean, jumpStd²), compensated to zero price drift. */
  | { kind: 'jump'; sigma: number; lambda: number; jumpMean: number; jumpStd: number }
  /** Block bootstrap of historical one-step log returns (already centred, see estimate.ts). */
  | { kind: 'bootstrap'; returns: Float64Array; blockLength: number };

/** Slippage paid when selling collateral worth `notional` (quote coin). */
export type ImpactModel =
  /** Square-root law: slip = coefficient · σ_daily · √(notional / daily volume). */
  | { kind: 'sqrt'; coefficient: number; dailyVolatility: number; dailyVolume: number }
  /**
   * A sell walk down an order book's bids: cumulative quote notional and base amount after each
   * level (ascending), against the mid at the time. Beyond the last level, square-root growth.
   */
  | { kind: 'depth'; mid: number; notional: Float64Array; base: Float64Array }
  | { kind: 'fixed'; fraction: number };

/** The book: one entry per position. Collateral value at start and initial LTV (debt = ltv · notional). */
export interface PositionBook {
  notional: Float64Array;
  ltv: Float64Array;
}

export interface SimulationSpec {
  seed: number;
  paths: number;
  steps: number;
  /** Step length in years. */
  stepYears: number;
  model: PriceModel;
  /** Per-step variance of the diffusion used for Brownian-bridge crossings; 0 = check only at steps. */
  bridgeVariance: number;
  /** Extra log drift per step over the first `stressSteps` steps (a named shock). */
  stressDrift: number;
  stressSteps: number;
  /** Time between the liquidation trigger and the sale. */
  delayYears: number;
  impact: ImpactModel;
  book: PositionBook;
  callLine: number;
  /** Liquidation lines (LTV) of the sweep, ascending; `mainLine` indexes the one asked about. */
  lines: Float64Array;
  mainLine: number;
  /** How many paths of block 0 to keep for the chart, and at how many points. */
  samplePaths: number;
  samplePoints: number;
}

/** Results for a contiguous range of path blocks; merged in block order so any split gives the same answer. */
export interface BlockRangeResult {
  firstPath: number;
  /** Book loss per path at the main line (quote coin). */
  loss: Float64Array;
  /** Step of the first liquidation at the main line, −1 when none. */
  liquidationStep: Int32Array;
  /** Positions liquidated at the main line, per path. */
  liquidatedPositions: Uint32Array;
  /** Of those, positions whose margin call came at an earlier step (a warning was possible). */
  calledFirst: Uint32Array;
  /** Per sweep line: paths with any liquidation, and paths with a loss. */
  lineLiquidatedPaths: Int32Array;
  lineLossPaths: Int32Array;
  /** Paths on which any position reached its margin-call line. */
  marginCallPaths: number;
  /** samplePaths × samplePoints log prices (only from the range holding block 0). */
  samples: Float32Array | null;
}

export const PATH_BLOCK = 1024;
export const YEAR_MS = 365 * 86_400_000;
