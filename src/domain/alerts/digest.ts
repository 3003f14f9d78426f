// One digest per conversation per cycle: most severe first, the rest counted (interfaces.md). Pure.
import type { AlertType, Severity } from './types.js';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export interface DigestItem {
  key: string;
  type: AlertType;
  severity: Severity;
  weight: number;
  occurredAt: Date;
}

/** Within one severity, types take turns in this order (their weights are in different units). */
const TYPE_ORDER: readonly AlertType[] = ['system', 'unhedged', 'pnl', 'roundtrip', 'lag'];

/** Larger weight first, then oldest, then key: a total, stable order within one type. */
export function byWeight(a: DigestItem, b: DigestItem): number {
  return b.weight - a.weight || a.occurredAt.getTime() - b.occurredAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Most severe first. Inside a severity the types take turns, each type's items by weight, so a
 * burst of one kind (say fifty late hedges) cannot push a round trip out of the shown lines.
 */
export function digestOrder<T extends DigestItem>(items: readonly T[]): T[] {
  const ordered: T[] = [];
  for (const severity of Object.keys(SEVERITY_RANK) as Severity[]) {
    const queues = TYPE_ORDER.map((type) => items.filter((item) => item.severity === severity && item.type === type).sort(byWeight));
    for (let round = 0; queues.some((queue) => round < queue.length); round += 1) {
      for (const queue of queues) if (round < queue.length) ordered.push(queue[round]);
    }
  }
  return ordered;
}

export interface Digest<T extends DigestItem> {
  shown: T[];
  /** Not shown line by line (still in /alerts history): how many per type. */
  hidden: Partial<Record<AlertType, number>>;
  hiddenCount: number;
  counts: Partial<Record<AlertType, number>>;
}

export function buildDigest<T extends DigestItem>(items: readonly T[], maxLines: number): Digest<T> {
  const sorted = digestOrder(items);
  const shown = sorted.slice(0, maxLines);
  const hidden: Partial<Record<AlertType, number>> = {};
  const counts: Partial<Record<AlertType, number>> = {};
  for (const item of sorted) counts[item.type] = (counts[item.type] ?? 0) + 1;
  for (const item of sorted.slice(maxLines)) hidden[item.type] = (hidden[item.type] ?? 0) + 1;
  return { shown, hidden, hiddenCount: sorted.length - shown.length, counts };
}
