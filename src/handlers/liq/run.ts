// One /liq run: candles (cache → venue → stale cache → synthetic in demo), model inputs, the book,
// the simulation on the worker pool, the summary. Returns data; report.ts and charts.ts present it.
import type { CommandContext } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { createCandleCache } from '../../adapters/market/candles-cache.js';
import { type CandleHistory, loadCandleHistory } from '../../adapters/market/candles-source.js';
import { createCandleFetcher } from '../../adapters/market/candles.js';
import { venueHealthRecorder } from '../../domain/exchange-health.js';
import { sweepLines } from '../../domain/liquidation/barriers.js';
import { randomBook, singlePosition } from '../../domain/liquidation/book.js';
import { isProblem, type ModelInputs, modelInputs } from '../../domain/liquidation/inputs.js';
import { stressDrift } from '../../domain/liquidation/stress.js';
import { type LiquidationSummary, summarise } from '../../domain/liquidation/summary.js';
import { type SimulationSpec, YEAR_MS } from '../../domain/liquidation/types.js';
import { venueDepthCurve } from './depth.js';
import type { LiquidationPlan } from './plan.js';
import type { SimulationRunner } from './pool.js';

/** Paths of block 0 kept for the chart: enough that some reach the line even when P(liquidation) is small. */
export const SAMPLE_PATHS = 1024;
export const SAMPLE_POINTS = 241;
const KNOWN_VENUES = ['htx', 'binance', 'okx', 'bybit'];

export interface LiquidationOutcome {
  plan: LiquidationPlan;
  history: CandleHistory;
  inputs: ModelInputs;
  spec: SimulationSpec;
  summary: LiquidationSummary;
  samples: Float32Array | null;
  simulationMs: number;
}

export async function runLiquidation(ctx: CommandContext, plan: LiquidationPlan, runner: SimulationRunner): Promise<LiquidationOutcome> {
  const { services } = ctx;
  if (!KNOWN_VENUES.includes(plan.venue) && !services.config.exchanges.includes(plan.venue)) {
    throw new UserError('liq.error.venue', { venue: plan.venue, venues: [...new Set([...KNOWN_VENUES, ...services.config.exchanges])].join(', ') });
  }
  const fetcher = createCandleFetcher({
    overrides: services.config.exchangeApiOverrides,
    health: venueHealthRecorder(services.runtime.exchangeHealth, () => services.clock.now()),
  });
  const symbol = `${plan.base}/${plan.quote}`;
  const history = await loadCandleHistory(
    {
      cache: createCandleCache(services.db),
      fetcher,
      now: () => services.clock.now(),
      allowSynthetic: services.runtime.databaseMode === 'embedded',
    },
    { venue: plan.venue, symbol, timeframe: plan.timeframe, coin: plan.base, stepMs: plan.stepMs },
  );
  // The book the sale would walk down, when the venue answers at all (not for stale or synthetic data).
  const venueReachable = history.origin === 'venue' || history.origin === 'cache';
  const depth = plan.slippage === undefined && venueReachable ? await venueDepthCurve(fetcher, plan.venue, symbol, services.clock.now()) : null;
  const stepYears = plan.stepMs / YEAR_MS;
  const inputs = modelInputs(plan.model, history.candles, stepYears, { vol: plan.vol, slippage: plan.slippage, depth });
  if (isProblem(inputs)) {
    const reason = history.venueError ? ctx.t('liq.data.venueFailed', { venue: plan.venue, reason: history.venueError }) : '';
    throw new UserError(inputs.key, { ...inputs.params, venue: plan.venue, reason }, { showUsage: false });
  }
  const { lines, mainLine } = sweepLines(plan.ltv, plan.liq);
  const stress = stressDrift(plan.stress, plan.stepMs, plan.steps);
  const spec: SimulationSpec = {
    seed: plan.seed,
    paths: plan.paths,
    steps: plan.steps,
    stepYears,
    model: inputs.model,
    bridgeVariance: inputs.bridgeVariance,
    stressDrift: stress.drift,
    stressSteps: stress.steps,
    delayYears: plan.delayMs / YEAR_MS,
    impact: inputs.impact,
    book: plan.positions > 1 ? randomBook(plan.seed, plan.positions, plan.notional, plan.ltv, plan.call) : singlePosition(plan.notional, plan.ltv),
    callLine: plan.call,
    lines,
    mainLine,
    samplePaths: Math.min(SAMPLE_PATHS, plan.paths),
    samplePoints: SAMPLE_POINTS,
  };
  const started = performance.now();
  const merged = await runner.run(spec);
  const simulationMs = performance.now() - started;
  return { plan, history, inputs, spec, summary: summarise(spec, merged, plan.target), samples: merged.samples, simulationMs };
}
