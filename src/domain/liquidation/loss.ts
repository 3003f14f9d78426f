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
      return depthSlippage(impact.mid, impact.notional, impact.base, notional);
  }
}

/**
 * Average-price shortfall against the mid of selling `notional` down the bids. Within a level the
 * price is constant, so base sold grows linearly with notional: interpolating the cumulative base
 * is the exact walk. Past the visible book, impact grows like √size from the last level (the
 * square-root law), since a snapshot shows only part of the liquidity that refills.
 */
function depthSlippage(mid: number, depth: Float64Array, base: Float64Array, notional: number): number {
  const last = depth.length - 1;
  if (last < 0 || mid <= 0) return 1;
  if (notional > depth[last]) {
    const atEnd = 1 - depth[last] / base[last] / mid;
    return Math.min(1, atEnd * Math.sqrt(notional / depth[last]));
  }
  let i = 0;
  while (depth[i] < notional) i++;
  const fromNotional = i > 0 ? depth[i - 1] : 0;
  const fromBase = i > 0 ? base[i - 1] : 0;
  const sold = fromBase + ((notional - fromNotional) / (depth[i] - fromNotional)) * (base[i] - fromBase);
  return sold > 0 ? Math.max(0, 1 - notional / sold / mid) : 0;
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
