// Turns the factor breakdown into words a desk can act on: for each dimension the gap between its
// best and worst group (Welch t), and the lag and size slopes; strongest (|t|) first.
import type { Translate } from '../../bot/i18n.js';
import type { FactorDimension, FactorRow } from '../../adapters/db/match-factors-repository.js';
import { leastSquaresSlope, type RegressionSums, welchT } from '../../domain/stats.js';

export interface Finding {
  strength: number;
  text: string;
}

// Best-vs-worst picks the extremes of many groups, so demand more than the usual 2 to avoid noise.
const MIN_T_GROUPS = 3;
const MIN_T_SLOPE = 2;

export function factorValueLabel(row: FactorRow, t: Translate): string {
  if (row.dimension === 'side') return t(`factors.side.${row.value}`);
  if (row.dimension === 'hour') return `${row.value}:00`;
  if (row.dimension === 'size') return t('factors.size', { q: row.value, min: compact(row.minNotional ?? 0), max: compact(row.maxNotional ?? 0) });
  return row.value;
}

export function factorFindings(rows: FactorRow[], regressions: { lag: RegressionSums; size: RegressionSums }, t: Translate): Finding[] {
  const findings: Finding[] = [];
  const total = rows.filter((r) => r.dimension === 'side').reduce((sum, r) => sum + r.count, 0);
  const minCount = Math.max(20, Math.ceil(total * 0.01));
  const dimensions = [...new Set(rows.map((r) => r.dimension))] as FactorDimension[];
  for (const dimension of dimensions) {
    const groups = rows.filter((r) => r.dimension === dimension && r.count >= minCount);
    if (groups.length < 2) continue;
    const sorted = [...groups].sort((a, b) => b.meanBps - a.meanBps);
    const best = sorted[0];
    const worst = sorted[sorted.length - 1];
    const tStat = welchT({ n: best.count, mean: best.meanBps, sd: best.sdBps }, { n: worst.count, mean: worst.meanBps, sd: worst.sdBps });
    if (!(Math.abs(tStat) >= MIN_T_GROUPS)) continue;
    findings.push({
      strength: Math.abs(tStat),
      text: t('factors.findingGroup', {
        dimension: t(`factors.dim.${dimension}`),
        worst: factorValueLabel(worst, t),
        worstBps: worst.meanBps.toFixed(1),
        best: factorValueLabel(best, t),
        bestBps: best.meanBps.toFixed(1),
        gap: (best.meanBps - worst.meanBps).toFixed(1),
        t: tStat.toFixed(1),
        n: worst.count + best.count,
      }),
    });
  }
  for (const [key, sums] of [['findingLag', regressions.lag], ['findingSize', regressions.size]] as const) {
    const slope = leastSquaresSlope(sums);
    if (!(Math.abs(slope.t) >= MIN_T_SLOPE)) continue;
    findings.push({
      strength: Math.abs(slope.t),
      text: t(`factors.${key}`, {
        direction: t(slope.slope >= 0 ? 'factors.up' : 'factors.down'),
        slope: Math.abs(slope.slope).toFixed(2),
        se: slope.standardError.toFixed(2),
        n: slope.n,
      }),
    });
  }
  return findings.sort((a, b) => b.strength - a.strength);
}

/** 12.3k, 4.5M: notional edges of size quintiles. */
export function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return value.toFixed(0);
}
