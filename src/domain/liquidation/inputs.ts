// From candles (or a given volatility) to the model the kernel runs, the bridge variance and the
// market impact. Pure; the handler decides where the candles came from.
import { type Candle, annualisedVolatility, bootstrapBlockLength, centredReturns, dailyQuoteVolume, estimateJumpModel, logReturns, moments } from './estimate.js';
import type { Problem } from './validate.js';
import { type ImpactModel, type PriceModel, YEAR_MS } from './types.js';

export type ModelName = 'bootstrap' | 'gbm' | 'jump';

/** Y of the square-root law; empirical studies find it of order one (Tóth et al. 2011). */
export const IMPACT_COEFFICIENT = 1;
/** Slippage assumed when there is no volume to size the impact (no candles at all). */
export const FALLBACK_SLIPPAGE = 0.005;
export const MIN_RETURNS = 200;

export interface ModelInputs {
  model: PriceModel;
  bridgeVariance: number;
  /** Annualised volatility the run implies (diffusion part for jump). */
  sigma: number;
  impact: ImpactModel;
  /** Last close, when candles were available. */
  lastPrice: number | null;
  dailyVolume: number | null;
}

export function modelInputs(
  name: ModelName,
  candles: readonly Candle[],
  stepYears: number,
  given: { vol?: number; slippage?: number; depth?: Extract<ImpactModel, { kind: 'depth' }> | null },
): ModelInputs | Problem {
  const returns = logReturns(candles, Math.round(stepYears * YEAR_MS));
  const enough = returns.length >= MIN_RETURNS;
  if (name !== 'gbm' && !enough) return { key: 'liq.error.needCandles', params: { model: name, have: returns.length, need: MIN_RETURNS } };
  if (name === 'gbm' && given.vol === undefined && !enough) return { key: 'liq.error.needVol', params: { have: returns.length } };
  const historicalSigma = enough ? annualisedVolatility(returns, stepYears) : Number.NaN;
  let model: PriceModel;
  if (name === 'gbm') {
    model = { kind: 'gbm', sigma: given.vol ?? historicalSigma };
  } else if (name === 'jump') {
    const estimated = estimateJumpModel(returns, stepYears);
    model = given.vol === undefined ? estimated : { ...estimated, sigma: given.vol };
  } else {
    let centred = centredReturns(returns);
    // vol= rescales the history to the asked volatility: same shape, different size.
    if (given.vol !== undefined) centred = centredReturns(centred.map((r) => (r * (given.vol as number)) / historicalSigma));
    model = { kind: 'bootstrap', returns: centred, blockLength: bootstrapBlockLength(centred.length, stepYears) };
  }
  const sigma = model.kind === 'bootstrap' ? Math.sqrt(moments(model.returns).variance / stepYears) : model.sigma;
  const dailyVolume = candles.length > 0 ? dailyQuoteVolume(candles, stepYears) : null;
  let impact: ImpactModel;
  if (given.slippage !== undefined) impact = { kind: 'fixed', fraction: given.slippage };
  else if (given.depth) impact = given.depth;
  else if (dailyVolume && dailyVolume > 0) {
    impact = { kind: 'sqrt', coefficient: IMPACT_COEFFICIENT, dailyVolatility: sigma / Math.sqrt(365), dailyVolume };
  } else impact = { kind: 'fixed', fraction: FALLBACK_SLIPPAGE };
  return {
    model,
    bridgeVariance: sigma * sigma * stepYears,
    sigma,
    impact,
    lastPrice: candles.length > 0 ? candles[candles.length - 1].close : null,
    dailyVolume,
  };
}

export function isProblem(value: ModelInputs | Problem): value is Problem {
  return 'key' in value;
}
