// Number formats for /liq replies: probabilities as 12.34%, money with thousands separators.
export const percent = (value: number, digits = 2) => `${(value * 100).toFixed(digits)}%`;

export function money(value: number): string {
  const digits = Math.abs(value) >= 1000 ? 0 : 2;
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function price(value: number): string {
  const digits = value >= 1000 ? 2 : value >= 1 ? 4 : 6;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value);
}

/** Hours on the chart axis, or days beyond three days. */
export function timeAxis(horizonMs: number): { unitMs: number; unitKey: string } {
  return horizonMs > 3 * 86_400_000 ? { unitMs: 86_400_000, unitKey: 'liq.chart.days' } : { unitMs: 3_600_000, unitKey: 'liq.chart.hours' };
}
