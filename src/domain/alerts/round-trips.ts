// Client round trips: opposite locks of equal amount close in time (domain.md). Pure.
import { alertKeys, type NewAlert } from './types.js';

export interface LockOrder {
  id: string;
  clientId: string;
  side: 'buy' | 'sell';
  baseCoin: string;
  quoteCoin: string;
  amount: number;
  price: number;
  lockedAt: Date;
}

export interface RoundTripRule {
  windowMs: number;
  /** Fraction of the larger amount; 0 means equal amounts. */
  amountTolerance: number;
  /** `any`: two different clients may form a pair too (possible collusion). */
  scope: 'client' | 'any';
}

export interface RoundTripPair {
  buy: LockOrder;
  sell: LockOrder;
  quantity: number;
  /** (sell price - buy price) * q in quote coin: the client's gain, the desk's loss when positive. */
  clientGain: number;
}

// Amounts are decimals read from numeric columns; equal amounts must compare equal after float conversion.
const EPSILON = 1e-12;

/** Every qualifying pair among the locks, each once (order of input does not matter). */
export function roundTripPairs(locks: readonly LockOrder[], rule: RoundTripRule): RoundTripPair[] {
  const groups = new Map<string, LockOrder[]>();
  for (const lock of locks) {
    const group = `${rule.scope === 'client' ? lock.clientId : '*'}|${lock.baseCoin}|${lock.quoteCoin}`;
    const list = groups.get(group) ?? [];
    list.push(lock);
    groups.set(group, list);
  }
  const pairs: RoundTripPair[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.lockedAt.getTime() - b.lockedAt.getTime() || (a.id < b.id ? -1 : 1));
    for (let i = 0; i < list.length; i += 1) {
      const first = list[i];
      // Sorted by time: scan forward only while within the window, so each pair is visited once.
      for (let j = i + 1; j < list.length && list[j].lockedAt.getTime() - first.lockedAt.getTime() <= rule.windowMs; j += 1) {
        const second = list[j];
        if (second.side === first.side || second.id === first.id) continue;
        const larger = Math.max(first.amount, second.amount);
        if (Math.abs(first.amount - second.amount) > rule.amountTolerance * larger + EPSILON * larger) continue;
        const buy = first.side === 'buy' ? first : second;
        const sell = first.side === 'buy' ? second : first;
        const quantity = Math.min(buy.amount, sell.amount);
        pairs.push({ buy, sell, quantity, clientGain: (sell.price - buy.price) * quantity });
      }
    }
  }
  return pairs;
}

export function roundTripAlert(pair: RoundTripPair, rule: RoundTripRule): NewAlert {
  const later = pair.buy.lockedAt > pair.sell.lockedAt ? pair.buy : pair.sell;
  const describe = (lock: LockOrder) => ({
    id: lock.id,
    clientId: lock.clientId,
    side: lock.side,
    amount: lock.amount,
    price: lock.price,
    lockedAt: lock.lockedAt.toISOString(),
  });
  return {
    key: alertKeys.roundtrip(pair.buy.id, pair.sell.id),
    type: 'roundtrip',
    rule: 'roundtrip',
    // A client gain is the desk's loss; a round trip at a loss to the client is odd but costs nothing.
    severity: pair.clientGain > 0 ? 'critical' : 'warning',
    weight: Math.abs(pair.clientGain),
    coin: pair.buy.baseCoin,
    clientId: pair.buy.clientId === pair.sell.clientId ? pair.buy.clientId : `${pair.buy.clientId}+${pair.sell.clientId}`,
    lockId: later.id,
    occurredAt: later.lockedAt,
    details: {
      quoteCoin: pair.buy.quoteCoin,
      buy: describe(pair.buy),
      sell: describe(pair.sell),
      quantity: pair.quantity,
      clientGain: pair.clientGain,
      gapSeconds: Math.abs(pair.buy.lockedAt.getTime() - pair.sell.lockedAt.getTime()) / 1000,
      scope: rule.scope,
    },
  };
}
