// What a liquidation costs the desk: the collateral is sold after the delay at the then price minus
// slippage for its size; the desk loses whatever the proceeds do not cover of the debt.
import type { ImpactModel } from './types.js';

/** Fraction of the price lost to market impact when selling `notional` (quote coin) at once. Capped at 100 %. */
export function slippageFraction(impact: ImpactModel, notional: number): number {
  switch (impact.kind) {
    case 'fixed':
      return Math.min(1, impact.fraction);
    case 'sqrt':
      // Square-root law (Almgren et al. 2005; Tóth et al. 2011): impact ≈ Y · σ_daily · √(Q / V_daily).
      return impact.dailyVolume > 0 ? Math.min(1, impact.coefficient * impact.dailyVolatility * Math.sqrt(notional / impact.dailyVolume)) : 1;
    case 'depth':
      return depthSlippage(impact.notional, impact.slippage, notional);
  }
}

/** Linear interpolation on the depth curve; beyond the deepest point the book is exhausted (100 %). */
function depthSlippage(depth: Float64Array, slippage: Float64Array, notional: number): number {
  if (depth.length === 0 || notional > depth[depth.length - 1]) return 1;
  if (notional <= depth[0]) return depth[0] > 0 ? (slippage[0] * notional) / depth[0] : slippage[0];
  let i = 1;
  while (depth[i] < notional) i++;
  const w = (notional - depth[i - 1]) / (depth[i] - depth[i - 1]);
  return slippage[i - 1] + w * (slippage[i] - slippage[i - 1]);
}

/**
 * Loss of one liquidation, quote coin. `collateralNotional` is the collateral's value at P0,
 * `saleLogPrice` = ln(P_sale / P0) (trigger level plus the move during the delay).
 */
export function liquidationLoss(debt: number, collateralNotional: number, saleLogPrice: number, impact: ImpactModel): number {
  const saleValue = collateralNotional * Math.exp(saleLogPrice);
  const proceeds = saleValue * (1 - slippageFraction(impact, saleValue));
  return debt > proceeds ? debt - proceeds : 0;
}
