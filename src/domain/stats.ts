// Small statistics for "what drives hedge P&L": least-squares slope with its standard error from
// the sums PostgreSQL's regr_* aggregates return, and Welch's t for two group means. Pure.

export interface RegressionSums {
  n: number;
  /** Σ(x - x̄)², Σ(y - ȳ)², Σ(x - x̄)(y - ȳ): regr_sxx, regr_syy, regr_sxy. */
  sxx: number;
  syy: number;
  sxy: number;
}

export interface Slope {
  slope: number;
  /** Standard error of the slope (NaN when n < 3 or x does not vary). */
  standardError: number;
  n: number;
  /** slope / standard error. */
  t: number;
}

export function leastSquaresSlope({ n, sxx, syy, sxy }: RegressionSums): Slope {
  if (n < 3 || !(sxx > 0)) return { slope: Number.NaN, standardError: Number.NaN, n, t: Number.NaN };
  const slope = sxy / sxx;
  const residual = Math.max(syy - slope * sxy, 0);
  const standardError = Math.sqrt(residual / (n - 2) / sxx);
  return { slope, standardError, n, t: standardError > 0 ? slope / standardError : Number.POSITIVE_INFINITY * Math.sign(slope) };
}

export interface GroupMoments {
  n: number;
  mean: number;
  /** Sample standard deviation. */
  sd: number;
}

/** Welch's t statistic for the difference of two means (a - b). */
export function welchT(a: GroupMoments, b: GroupMoments): number {
  if (a.n < 2 || b.n < 2) return Number.NaN;
  const se = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  return se > 0 ? (a.mean - b.mean) / se : Number.NaN;
}
