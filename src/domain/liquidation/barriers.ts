// Every line a path can cross, as one list sorted from the highest price level down: per position,
// its margin-call line and each liquidation line of the sweep. A path then only ever compares its
// price with the next uncrossed level, so a book of positions and a sweep of lines cost one compare
// per step, and all lines see the same paths (common random numbers: the sweep curve is smooth).
import type { PositionBook } from './types.js';

export const CALL = -1;

export interface BarrierTable {
  /** ln(P/P0) at which the position's LTV reaches the line: ln(ltv0 / line). Descending. */
  level: Float64Array;
  position: Int32Array;
  /** Index into the sweep lines, or CALL for the margin-call line. */
  line: Int32Array;
}

export function buildBarriers(book: PositionBook, callLine: number, lines: Float64Array): BarrierTable {
  const entries: { level: number; position: number; line: number }[] = [];
  for (let p = 0; p < book.ltv.length; p++) {
    entries.push({ level: Math.log(book.ltv[p] / callLine), position: p, line: CALL });
    for (let j = 0; j < lines.length; j++) entries.push({ level: Math.log(book.ltv[p] / lines[j]), position: p, line: j });
  }
  // Same level: the call comes first (it is the warning before the liquidation).
  entries.sort((a, b) => b.level - a.level || a.line - b.line);
  return {
    level: Float64Array.from(entries, (e) => e.level),
    position: Int32Array.from(entries, (e) => e.position),
    line: Int32Array.from(entries, (e) => e.line),
  };
}

/** Liquidation lines for the sweep: every whole percent above the initial LTV up to 99 %, plus the asked line. */
export function sweepLines(ltv: number, line: number): { lines: Float64Array; mainLine: number } {
  const values = new Set<number>([line]);
  for (let percent = Math.floor(ltv * 100) + 1; percent <= 99; percent++) values.add(percent / 100);
  const lines = Float64Array.from([...values].filter((v) => v > ltv).sort((a, b) => a - b));
  return { lines, mainLine: lines.indexOf(line) };
}
