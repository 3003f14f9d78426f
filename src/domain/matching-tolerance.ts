// The amount rule of domain.md, |H - L| <= tolerance * L, decided exactly at its edge.
// Doubles decide almost every pair; only when the two sides are within 1e-9 of each other do we
// redo the comparison in scaled integers on the decimal text, so "exactly 1 %" is a match.

/** A decimal string ("1.015", "2e-3" is not expected: PostgreSQL numeric text) as integer * 10^-scale. */
function scaled(text: string): { digits: bigint; scale: number } {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [whole, fraction = ''] = body.split('.');
  const digits = BigInt(`${whole || '0'}${fraction}`);
  return { digits: negative ? -digits : digits, scale: fraction.length };
}

function atScale(value: { digits: bigint; scale: number }, scale: number): bigint {
  return value.digits * 10n ** BigInt(scale - value.scale);
}

/** Exact |hedge - lock| <= tolerance * lock on decimal text. */
export function withinToleranceExact(lockAmount: string, hedgeAmount: string, tolerance: string): boolean {
  const l = scaled(lockAmount);
  const h = scaled(hedgeAmount);
  const t = scaled(tolerance);
  const scale = Math.max(l.scale, h.scale);
  const diff = atScale(h, scale) - atScale(l, scale);
  const absDiff = diff < 0n ? -diff : diff;
  // Compare absDiff * 10^-scale <= t * l * 10^-(t.scale + l.scale), both brought to one scale.
  const left = absDiff * 10n ** BigInt(t.scale + l.scale);
  const right = t.digits * l.digits * 10n ** BigInt(scale);
  return left <= right;
}

/** A number as plain decimal text (no exponent), for settings such as 0.01. */
export function decimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

export function withinTolerance(
  lockAmount: number,
  hedgeAmount: number,
  tolerance: number,
  exact?: { lock?: string; hedge?: string; tolerance: string },
): boolean {
  const diff = Math.abs(hedgeAmount - lockAmount);
  const limit = tolerance * lockAmount;
  const margin = 1e-9 * Math.max(limit, lockAmount * 1e-12);
  if (diff < limit - margin) return true;
  if (diff > limit + margin) return false;
  if (exact?.lock !== undefined && exact.hedge !== undefined) return withinToleranceExact(exact.lock, exact.hedge, exact.tolerance);
  return diff <= limit;
}
