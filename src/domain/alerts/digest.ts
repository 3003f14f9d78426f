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

/** Severity, then money (or seconds) at stake, then oldest first, then key: a total, stable order. */
export function bySeverity(a: DigestItem, b: DigestItem): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.weight - a.weight ||
    a.occurredAt.getTime() - b.occurredAt.getTime() ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

export interface Digest<T extends DigestItem> {
  shown: T[];
  /** Not shown line by line (still in /alerts history): how many per type. */
  hidden: Partial<Record<AlertType, number>>;
  hiddenCount: number;
  counts: Partial<Record<AlertType, number>>;
}

export function buildDigest<T extends DigestItem>(items: readonly T[], maxLines: number): Digest<T> {
  const sorted = [...items].sort(bySeverity);
  const shown = sorted.slice(0, maxLines);
  const hidden: Partial<Record<AlertType, number>> = {};
  const counts: Partial<Record<AlertType, number>> = {};
  for (const item of sorted) counts[item.type] = (counts[item.type] ?? 0) + 1;
  for (const item of sorted.slice(maxLines)) hidden[item.type] = (hidden[item.type] ?? 0) + 1;
  return { shown, hidden, hiddenCount: sorted.length - shown.length, counts };
}
