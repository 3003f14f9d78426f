// A single-position simulation spec for liquidation tests: one unit of notional at 50 % LTV, call line 80 %,
// liquidation line 90 %, no stress, no slippage, no sample paths. Tests override what they examine.
import type { SimulationSpec } from '../../src/domain/liquidation/types.js';

export function singlePositionSpec(overrides: Partial<SimulationSpec> & Pick<SimulationSpec, 'model' | 'steps' | 'stepYears'>): SimulationSpec {
  return {
    seed: 1,
    paths: 1,
    bridgeVariance: 0,
    stressDrift: 0,
    stressSteps: 0,
    delayYears: 0,
    impact: { kind: 'fixed', fraction: 0 },
    book: { notional: Float64Array.of(1), ltv: Float64Array.of(0.5) },
    callLine: 0.8,
    lines: Float64Array.of(0.9),
    mainLine: 0,
    samplePaths: 0,
    samplePoints: 0,
    ...overrides,
  };
}
