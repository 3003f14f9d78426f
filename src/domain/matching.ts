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

const MAX_CLIENTS = 2 ** 24;
const MAX_COINS = 2 ** 14;

type Keyed = Pick<LockOrder, 'clientId' | 'side' | 'baseCoin' | 'quoteCoin'>;
export const matchingKey = (row: Keyed) => `${row.clientId}\u0001${row.side}\u0001${row.baseCoin}\u0001${row.quoteCoin}`;

/**
 * Dense key ids without building a key string per row: each field is interned on its own (V8
 * caches string hashes) and the small field ids are combined arithmetically.
 */
class KeyInterner {
  readonly clients = new Map<string, number>();
  readonly bases = new Map<string, number>();
  readonly quotes = new Map<string, number>();
  private readonly combined = new Map<number, number>();
  /** Field ids per row, or -1 when a field was never seen on a lock (then no lock shares the key). */
  fieldIds(rows: Keyed[], create: boolean): Float64Array {
    const composite = new Float64Array(rows.length);
    const intern = (map: Map<string, number>, value: string) => {
      let id = map.get(value);
      if (id === undefined) {
        if (!create) return -1;
        id = map.size;
        map.set(value, id);
      }
      return id;
    };
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i];
      const client = intern(this.clients, row.clientId);
      const base = intern(this.bases, row.baseCoin);
      const quote = intern(this.quotes, row.quoteCoin);
      // 2^24 clients x 2^14 bases x 2^14 quotes x 2 sides = 2^53 stays an exact integer in a double;
      // past those counts keys would collide, so refuse loudly rather than pair wrong orders.
      if (client >= MAX_CLIENTS || base >= MAX_COINS || quote >= MAX_COINS) {
        throw new RangeError(`matching supports ${MAX_CLIENTS} clients and ${MAX_COINS} base and quote coins`);
      }
      composite[i] = client < 0 || base < 0 || quote < 0 ? -1 : ((client * MAX_COINS + base) * MAX_COINS + quote) * 2 + (row.side === 'buy' ? 0 : 1);
    }
    return composite;
  }
  keyIds(composite: Float64Array, create: boolean): Int32Array {
    const ids = new Int32Array(composite.length);
    let last = -2;
    let lastId = -1;
    for (let i = 0; i < composite.length; i += 1) {
      const value = composite[i];
      if (value !== last) {
        last = value;
        let id = value < 0 ? -1 : this.combined.get(value);
        if (id === undefined) {
          id = create ? this.combined.size : -1;
          if (create) this.combined.set(value, id);
        }
        lastId = id;
      }
      ids[i] = lastId;
    }
    return ids;
  }
  get size() {
    return this.combined.size;
  }
}

interface Buckets {
  /** Input indices grouped by key, each group sorted by (time, id); group k is starts[k]..starts[k+1]. */
  order: Int32Array;
  starts: Int32Array;
  /** Time and amount per position in `order` (sequential reads in the walk). */
  times: Float64Array;
  amounts: Float64Array;
}

function bucketByKey<T extends Keyed & { id: string; baseAmount: number }>(rows: T[], keys: KeyInterner, time: (row: T) => number, createKeys: boolean): Buckets {
  const keyOf = keys.keyIds(keys.fieldIds(rows, createKeys), createKeys);
  const keyCount = keys.size;
  const starts = new Int32Array(keyCount + 1);
  for (let i = 0; i < rows.length; i += 1) if (keyOf[i] >= 0) starts[keyOf[i] + 1] += 1;
  for (let k = 0; k < keyCount; k += 1) starts[k + 1] += starts[k];
  const fill = starts.slice(0, keyCount);
  const order = new Int32Array(starts[keyCount]);
  for (let i = 0; i < rows.length; i += 1) if (keyOf[i] >= 0) order[fill[keyOf[i]]++] = i;
  // Read each row object once, in input order (cache-friendly); the walk then uses typed arrays only.
  const rowTimes = new Float64Array(rows.length);
  const rowAmounts = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    rowTimes[i] = time(rows[i]);
    rowAmounts[i] = rows[i].baseAmount;
  }
  const byTimeThenId = (a: number, b: number) => rowTimes[a] - rowTimes[b] || (rows[a].id < rows[b].id ? -1 : rows[a].id > rows[b].id ? 1 : 0);
  for (let k = 0; k < keyCount; k += 1) {
    const from = starts[k];
    const to = starts[k + 1];
    // Rows usually arrive in time order: sort only the groups that are not already sorted.
    let sorted = true;
    for (let p = from + 1; p < to && sorted; p += 1) sorted = rowTimes[order[p - 1]] < rowTimes[order[p]];
    if (!sorted) order.subarray(from, to).sort(byTimeThenId);
  }
  const times = new Float64Array(order.length);
  const amounts = new Float64Array(order.length);
  for (let p = 0; p < order.length; p += 1) {
    times[p] = rowTimes[order[p]];
    amounts[p] = rowAmounts[order[p]];
  }
  return { order, starts, times, amounts };
}

export function matchLocksToHedges(locks: LockOrder[], hedges: HedgeOrder[], rules: MatchingRules): MatchResult {
  const keys = new KeyInterner();
  const byLock = bucketByKey(locks, keys, (l) => l.lockedAt, true);
  // Hedges whose key no lock has can never match: they are left out of the buckets.
  const byHedge = bucketByKey(hedges, keys, (h) => h.createdAt, false);
  const hedgeOfLock = new Int32Array(locks.length).fill(-1);
  const lockOfHedge = new Int32Array(hedges.length).fill(-1);
  const { order: hedgeOrder, times: hedgeTimes, amounts: hedgeAmounts } = byHedge;
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
  const { tolerance, maxLagMs } = rules;
  const toleranceText = decimalText(tolerance);
  const keyCount = keys.size;
  for (let k = 0; k < keyCount; k += 1) {
    const hedgeEnd = byHedge.starts[k + 1];
    let low = byHedge.starts[k];
    if (low === hedgeEnd) continue;
    for (let q = byLock.starts[k]; q < byLock.starts[k + 1]; q += 1) {
      const lockAmount = byLock.amounts[q];
      const lockedAt = byLock.times[q];
      const limit = tolerance * lockAmount;
      const earliest = lockedAt - EARLY_HEDGE_MS;
      const latest = lockedAt + maxLagMs;
      while (low < hedgeEnd && hedgeTimes[low] < earliest) low += 1;
      let chosen = -1;
      let chosenDiff = 0;
      for (let p = find(low); p < hedgeEnd; p = find(p + 1)) {
        const at = hedgeTimes[p];
        if (at > latest || (chosen >= 0 && at > hedgeTimes[chosen])) break;
        const absDiff = Math.abs(hedgeAmounts[p] - lockAmount);
        // Clear cases in doubles; only near the edge ask for the exact decimal decision.
        if (absDiff > limit * (1 + 1e-9) + 1e-300) continue;
        if (absDiff >= limit * (1 - 1e-9)) {
          const exact = { lock: locks[byLock.order[q]].baseAmountText, hedge: hedges[hedgeOrder[p]].baseAmountText, tolerance: toleranceText };
          if (!withinTolerance(lockAmount, hedgeAmounts[p], tolerance, exact)) continue;
        }
        const diff = absDiff / lockAmount;
        if (chosen < 0 || diff < chosenDiff) {
          chosen = p;
          chosenDiff = diff;
        }
      }
      if (chosen < 0) continue;
      const li = byLock.order[q];
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
