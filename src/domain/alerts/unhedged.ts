// Unhedged locks: no matched hedge `unhedged_after` after the lock (domain.md). Pure.
import { alertKeys, type NewAlert } from './types.js';

export interface OpenLock {
  lockId: string;
  clientId: string;
  side: string;
  baseCoin: string;
  quoteCoin: string;
  amount: number;
  price: number;
  notional: number;
  lockedAt: Date;
}

/** Locks still without a hedge once `unhedgedAfterMs` has passed (exactly at the limit: not yet). */
export function unhedgedAlerts(openLocks: readonly OpenLock[], now: Date, unhedgedAfterMs: number): NewAlert[] {
  return openLocks
    .filter((lock) => now.getTime() - lock.lockedAt.getTime() > unhedgedAfterMs)
    .map((lock) => ({
      key: alertKeys.unhedged(lock.lockId),
      type: 'unhedged' as const,
      rule: 'unhedged' as const,
      severity: 'critical' as const,
      weight: lock.notional,
      coin: lock.baseCoin,
      clientId: lock.clientId,
      lockId: lock.lockId,
      occurredAt: lock.lockedAt,
      details: {
        side: lock.side,
        quoteCoin: lock.quoteCoin,
        amount: lock.amount,
        price: lock.price,
        notional: lock.notional,
        openSeconds: Math.round((now.getTime() - lock.lockedAt.getTime()) / 1000),
        afterSeconds: Math.round(unhedgedAfterMs / 1000),
      },
    }));
}
