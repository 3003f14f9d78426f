// A /liq request with every default filled in from the settings (liq.*), checked as a whole.
import { UserError } from '../../bot/errors.js';
import type { SettingsSnapshot } from '../../adapters/db/settings-repository.js';
import { sweepLines } from '../../domain/liquidation/barriers.js';
import { gridFor } from '../../domain/liquidation/grid.js';
import type { ModelName } from '../../domain/liquidation/inputs.js';
import { type StressScenario, stressScenario } from '../../domain/liquidation/stress.js';
import { requestProblem } from '../../domain/liquidation/validate.js';
import type { LiqArgs } from './args.js';

/** Work ceiling (see validate.ts): about 20 s of simulation on two cores, the most a chat answer should cost. */
export const MAX_PATH_STEPS = 3e9;

export interface LiquidationPlan {
  base: string;
  quote: string;
  ltv: number;
  call: number;
  liq: number;
  horizonMs: number;
  paths: number;
  model: ModelName;
  vol?: number;
  delayMs: number;
  positions: number;
  stress?: StressScenario;
  seed: number;
  venue: string;
  notional: number;
  slippage?: number;
  target: number;
  timeframe: string;
  stepMs: number;
  steps: number;
}

export function planLiquidation(args: LiqArgs, settings: SettingsSnapshot): LiquidationPlan {
  const [base, quote = 'USDT'] = args.coin.toUpperCase().split('/');
  const horizonMs = args.horizon ?? settings.number('liq.horizon');
  const grid = gridFor(horizonMs);
  const plan: LiquidationPlan = {
    base,
    quote,
    ltv: args.ltv ?? settings.number('liq.ltv'),
    call: args.call ?? settings.number('liq.call'),
    liq: args.liq ?? settings.number('liq.liq'),
    horizonMs,
    paths: args.paths ?? settings.number('liq.paths'),
    model: args.model,
    vol: args.vol,
    delayMs: args.delay ?? settings.number('liq.delay'),
    positions: args.positions,
    stress: args.stress ? stressScenario(args.stress) : undefined,
    seed: args.seed,
    venue: args.venue ?? settings.string('liq.venue'),
    notional: args.notional ?? settings.number('coin.notional'),
    slippage: args.slippage,
    target: args.target,
    timeframe: grid.timeframe,
    stepMs: grid.stepMs,
    steps: grid.steps,
  };
  const barriers = plan.positions * (sweepLines(plan.ltv, plan.liq).lines.length + 1);
  const problem = requestProblem({ ...plan, barriers }, { maxPaths: settings.number('liq.max_paths'), maxPathSteps: MAX_PATH_STEPS });
  if (problem) throw new UserError(problem.key, problem.params, { showUsage: false });
  return plan;
}
