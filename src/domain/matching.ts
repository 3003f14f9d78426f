// Pairing OTC lock orders with the hedge orders the desk did for them (domain.md, "Matching").
// Rule, exactly as the contract says: locks in locked_at order (then id) each take the earliest
// still-free candidate hedge; equal hedge times go to the smaller relative amount difference, then
// the smaller hedge id. Candidates share client, side and pair, are within the amount tolerance and
// start between 60 s before the lock and max_lag after it.
// Fast: rows are bucketed by key and sorted by time once; each lock walks only its own key's
// hedges inside its time window, skipping taken hedges with a path-compressed "next free" array.
import { decimalText, withinTolerance } from './matching-tolerance.js';

export type Side = 'buy' | 'sell';

export interface LockOrder {
  id: string;
  clientId: string;
  side: Side;
  baseCoin: string;
  quoteCoin: string;
  baseAmount: number;
  price: number;
  /** Epoch milliseconds. */
  lockedAt: number;
  /** The exact decimal text of base_amount when known (tolerance edges are decided on it). */
  baseAmountText?: string;
}

export interface HedgeOrder {
  id: string;
  clientId: string;
  side: Side;
  baseCoin: string;
  quoteCoin: string;
  baseAmount: number;
  avgPrice: number;
  fee: number;
  method: string;
  exchange: string;
  /** Epoch milliseconds. */
  createdAt: number;
  baseAmountText?: string;
}

export interface MatchingRules {
  /** Relative amount tolerance, 0.01 = 1 %. */
  tolerance: number;
  /** Latest hedge start after the lock, ms. */
  maxLagMs: number;
}

/** How early a hedge may start before its lock (domain.md: 60 s). */
export const EARLY_HEDGE_MS = 60_000;

export interface MatchResult {
  /** For each lock (input order), the index of its hedge in the input, or -1. */
  hedgeOfLock: Int32Array;
  /** For each hedge (input order), the index of its lock, or -1. */
  lockOfHedge: Int32Array;
}

type Keyed = Pick<LockOrder, 'clientId' | 'side' | 'baseCoin' | 'quoteCoin'>;
export const matchingKey = (row: Keyed) => `${row.clientId}\u0001${row.side}\u0001${row.baseCoin}\u0001${row.quoteCoin}`;

/**
 * Dense key ids without building a key string per row: each field is interned on its own (string
 * hashes are cached by V8) and the four small ids are combined into one number.
 */
class KeyInterner {
  private readonly fields = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  private readonly combined = new Map<number, number>();
  private field(index: number, value: string, create: boolean): number {
    const map = this.fields[index];
    let id = map.get(value);
    if (id === undefined) {
      if (!create) return -1;
      id = map.size;
      map.set(value, id);
    }
    return id;
  }
  keyOf(row: Keyed, create: boolean): number {
    const client = this.field(0, row.clientId, create);
    const base = this.field(1, row.baseCoin, create);
    const quote = this.field(2, row.quoteCoin, create);
    if (client < 0 || base < 0 || quote < 0) return -1;
    // 2^20 clients x 2^12 bases x 2^10 quotes x 2 sides fits in a double exactly.
    const composite = ((client * 4096 + base) * 1024 + quote) * 2 + (row.side === 'buy' ? 0 : 1);
    let id = this.combined.get(composite);
    if (id === undefined) {
      if (!create) return -1;
      id = this.combined.size;
      this.combined.set(composite, id);
    }
    return id;
  }
  get size() {
    return this.combined.size;
  }
}

/** Input positions grouped by key, each group sorted by (time, id); `starts[k]..starts[k+1]` is key k. */
function bucketByKey<T extends Keyed & { id: string }>(rows: T[], keys: KeyInterner, time: (row: T) => number, createKeys: boolean) {
  const keyOf = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) keyOf[i] = keys.keyOf(rows[i], createKeys);
  const keyCount = keys.size;
  const starts = new Int32Array(keyCount + 1);
  for (let i = 0; i < rows.length; i += 1) if (keyOf[i] >= 0) starts[keyOf[i] + 1] += 1;
  for (let k = 0; k < keyCount; k += 1) starts[k + 1] += starts[k];
  const fill = starts.slice(0, keyCount);
  const order = new Int32Array(starts[keyCount]);
  for (let i = 0; i < rows.length; i += 1) if (keyOf[i] >= 0) order[fill[keyOf[i]]++] = i;
  const times = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) times[i] = time(rows[i]);
  const byTimeThenId = (a: number, b: number) => times[a] - times[b] || (rows[a].id < rows[b].id ? -1 : rows[a].id > rows[b].id ? 1 : 0);
  for (let k = 0; k < keyCount; k += 1) if (starts[k + 1] - starts[k] > 1) order.subarray(starts[k], starts[k + 1]).sort(byTimeThenId);
  return { order, starts, times };
}

export function matchLocksToHedges(locks: LockOrder[], hedges: HedgeOrder[], rules: MatchingRules): MatchResult {
  const keys = new KeyInterner();
  const byLock = bucketByKey(locks, keys, (l) => l.lockedAt, true);
  // Hedges whose key no lock has can never match: they are left out of the buckets.
  const byHedge = bucketByKey(hedges, keys, (h) => h.createdAt, false);
  const hedgeOfLock = new Int32Array(locks.length).fill(-1);
  const lockOfHedge = new Int32Array(hedges.length).fill(-1);
  const hedgeOrder = byHedge.order;
  const hedgeTimes = byHedge.times;
  // nextFree[p]: the first position >= p (in hedgeOrder) not yet taken; hedgeOrder.length is the sentinel.
  const nextFree = new Int32Array(hedgeOrder.length + 1);
  for (let p = 0; p <= hedgeOrder.length; p += 1) nextFree[p] = p;
  const find = (p: number) => {
    let root = p;
    while (nextFree[root] !== root) root = nextFree[root];
    while (nextFree[p] !== root) {
      const next = nextFree[p];
      nextFree[p] = root;
      p = next;
    }
    return root;
  };
  const toleranceText = decimalText(rules.tolerance);
  const hedgeAmounts = new Float64Array(hedges.length);
  for (let i = 0; i < hedges.length; i += 1) hedgeAmounts[i] = hedges[i].baseAmount;
  const keyCount = keys.size;
  for (let k = 0; k < keyCount; k += 1) {
    const hedgeEnd = byHedge.starts[k + 1];
    let low = byHedge.starts[k];
    if (low === hedgeEnd) continue;
    for (let q = byLock.starts[k]; q < byLock.starts[k + 1]; q += 1) {
      const li = byLock.order[q];
      const lock = locks[li];
      const lockAmount = lock.baseAmount;
      const limit = rules.tolerance * lockAmount;
      const earliest = lock.lockedAt - EARLY_HEDGE_MS;
      const latest = lock.lockedAt + rules.maxLagMs;
      while (low < hedgeEnd && hedgeTimes[hedgeOrder[low]] < earliest) low += 1;
      let chosen = -1;
      let chosenDiff = 0;
      for (let p = find(low); p < hedgeEnd; p = find(p + 1)) {
        const hi = hedgeOrder[p];
        const at = hedgeTimes[hi];
        if (at > latest || (chosen >= 0 && at > hedgeTimes[hedgeOrder[chosen]])) break;
        const hedgeAmount = hedgeAmounts[hi];
        const absDiff = Math.abs(hedgeAmount - lockAmount);
        // Clear cases in doubles; only near the edge ask for the exact decimal decision.
        if (absDiff > limit * (1 + 1e-9) + 1e-300) continue;
        if (absDiff >= limit * (1 - 1e-9) && !withinTolerance(lockAmount, hedgeAmount, rules.tolerance, { lock: lock.baseAmountText, hedge: hedges[hi].baseAmountText, tolerance: toleranceText })) continue;
        const diff = absDiff / lockAmount;
        if (chosen < 0 || diff < chosenDiff) {
          chosen = p;
          chosenDiff = diff;
        }
      }
      if (chosen < 0) continue;
      const hi = hedgeOrder[chosen];
      hedgeOfLock[li] = hi;
      lockOfHedge[hi] = li;
      nextFree[chosen] = chosen + 1;
    }
  }
  return { hedgeOfLock, lockOfHedge };
}

/** Every pair the rules allow (for tests and explanations; not used by the fast path). */
export function isCandidate(lock: LockOrder, hedge: HedgeOrder, rules: MatchingRules): boolean {
  return (
    matchingKey(lock) === matchingKey(hedge) &&
    withinTolerance(lock.baseAmount, hedge.baseAmount, rules.tolerance, { lock: lock.baseAmountText, hedge: hedge.baseAmountText, tolerance: decimalText(rules.tolerance) }) &&
    hedge.createdAt >= lock.lockedAt - EARLY_HEDGE_MS &&
    hedge.createdAt <= lock.lockedAt + rules.maxLagMs
  );
}

/** Hedge lag in seconds: hedge start minus lock time (may be slightly negative, down to -60 s). */
export const hedgeLagSeconds = (lock: Pick<LockOrder, 'lockedAt'>, hedge: Pick<HedgeOrder, 'createdAt'>) => (hedge.createdAt - lock.lockedAt) / 1000;
