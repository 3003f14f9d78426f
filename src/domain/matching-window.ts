// What an incremental run must re-match so its answer equals a full re-match.
// Locks are processed in (locked_at, id) order and a lock's choice only depends on locks before it
// and on hedges inside its own window, so for each key:
//  - a new lock at T can only change locks at or after T;
//  - a new hedge at t can only change locks that may take it, those locked at or after t - max_lag.
// Everything of that key before the earliest such time keeps its answer (and its hedges).
import { EARLY_HEDGE_MS, type HedgeOrder, type LockOrder, matchingKey } from './matching.js';

/** Per key, the lock time from which its locks must be re-matched. */
export function rematchStarts(newLocks: LockOrder[], newHedges: HedgeOrder[], maxLagMs: number): Map<string, number> {
  const starts = new Map<string, number>();
  const lower = (key: string, at: number) => {
    const current = starts.get(key);
    if (current === undefined || at < current) starts.set(key, at);
  };
  for (const lock of newLocks) lower(matchingKey(lock), lock.lockedAt);
  for (const hedge of newHedges) lower(matchingKey(hedge), hedge.createdAt - maxLagMs);
  return starts;
}

/** The rows of the re-match window: locks from the key's start, hedges that such locks could take. */
export function rematchWindow<L extends LockOrder, H extends HedgeOrder>(locks: L[], hedges: H[], starts: Map<string, number>) {
  return {
    locks: locks.filter((lock) => {
      const start = starts.get(matchingKey(lock));
      return start !== undefined && lock.lockedAt >= start;
    }),
    hedges: hedges.filter((hedge) => {
      const start = starts.get(matchingKey(hedge));
      return start !== undefined && hedge.createdAt >= start - EARLY_HEDGE_MS;
    }),
  };
}
