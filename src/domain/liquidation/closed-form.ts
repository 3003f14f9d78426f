// Closed forms the simulation is checked against (and quoted in /help liq).

/**
 * P(min over [0, T] of X_t ≤ b) for X_t = μt + σW_t, X_0 = 0, b < 0 (first passage of Brownian
 * motion with drift). For GBM with zero price drift μ = −σ²/2 and b = ln(ltv0 / line).
 */
export function firstPassageProbability(b: number, mu: number, sigma: number, years: number): number {
  if (b >= 0) return 1;
  const s = sigma * Math.sqrt(years);
  return normalCdf((b - mu * years) / s) + Math.exp((2 * mu * b) / (sigma * sigma)) * normalCdf((b + mu * years) / s);
}

/** Standard normal CDF via erfc (W. J. Cody's rational approximations are overkill here: 1e−7 is plenty). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Complementary error function, Numerical Recipes' erfcc (fractional error < 1.2e−7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
