// Realistic synthetic OTC data for the demo and for benchmarks, deterministic for a seed (and end
// time): skewed clients, log-normal sizes, heavy-tailed hedge lags, methods and venues with their
// own costs, partial fills within 1 %, unhedged locks, orphan hedges, near-duplicate locks minutes
// apart, planted round trips and P&L outliers. It also returns the true lock→hedge pairing.
import { DEMO_COINS, type PricePath, priceText, randomWalkPath, roundTo } from './demo-market.js';
import { cumulativeWeights, type Random, seededRandom } from './demo-random.js';

export interface DemoOptions {
  locks: number;
  seed: number;
  days: number;
  /** Epoch ms of the newest lock time (callers pass their clock's now, floored to the hour). */
  endMs: number;
  clients?: number;
}

export interface DemoLock {
  id: string; clientId: string; side: 'buy' | 'sell'; baseCoin: string; quoteCoin: string;
  baseAmount: string; price: string; lockedAt: number;
}

export interface DemoHedge {
  id: string; clientId: string; side: 'buy' | 'sell'; baseCoin: string; quoteCoin: string;
  baseAmount: string; avgPrice: string; fee: string; method: string; exchange: string; createdAt: number; finishedAt: number | null;
}

export interface DemoBatch {
  locks: DemoLock[];
  hedges: DemoHedge[];
  /** [lock id, hedge id or null when the desk never hedged it]. */
  truth: [string, string | null][];
}

const DAY_MS = 86_400_000;
const BPS = 1e-4;
const VENUE_FEE_BPS: Record<string, number> = { binance: 1.0, okx: 1.5, htx: 2.0, bybit: 1.2 };
const VENUES = Object.keys(VENUE_FEE_BPS);
const VENUE_WEIGHTS = cumulativeWeights([40, 25, 15, 20]);
const LIQUIDITY_PROVIDERS = ['wintermute', 'cumberland', 'galaxy'];
const METHODS = ['twap', 'otchedge', 'rfq'];
const METHOD_WEIGHTS = cumulativeWeights([45, 30, 25]);
const COIN_WEIGHTS = cumulativeWeights(DEMO_COINS.map((coin) => coin.weight));

/** Batches of about `batchSize` locks with their hedges and truth. */
export function* demoOrders(options: DemoOptions, batchSize = 10_000): Generator<DemoBatch> {
  const random = seededRandom(options.seed);
  const endMs = options.endMs;
  const startMs = endMs - options.days * DAY_MS;
  const paths = DEMO_COINS.map((coin) => randomWalkPath(random, coin, startMs - DAY_MS, endMs + 2 * DAY_MS));
  const clientCount = options.clients ?? 400;
  const clientWeights = cumulativeWeights(Array.from({ length: clientCount }, (_, rank) => 1 / (rank + 1) ** 1.05));
  const clientMarkupBps = Array.from({ length: clientCount }, (_, rank) => 6 + 22 * (rank / clientCount) + 4 * random.next());
  const times = lockTimes(random, options.locks, startMs, endMs);
  let lockSeq = 0;
  let hedgeSeq = 0;
  let batch: DemoBatch = { locks: [], hedges: [], truth: [] };
  const lockId = () => `L${String(++lockSeq).padStart(8, '0')}`;
  const hedgeId = () => `H${String(++hedgeSeq).padStart(8, '0')}`;

  const emit = (lock: DemoLock, path: PricePath, hedged: boolean) => {
    batch.locks.push(lock);
    if (!hedged) {
      batch.truth.push([lock.id, null]);
      return;
    }
    const hedge = hedgeFor(random, lock, path, hedgeId(), startMs, endMs);
    batch.hedges.push(hedge);
    batch.truth.push([lock.id, hedge.id]);
  };

  for (let i = 0; i < times.length && lockSeq < options.locks; i += 1) {
    const at = times[i];
    const client = random.weighted(clientWeights);
    const coinIndex = random.weighted(COIN_WEIGHTS);
    const coin = DEMO_COINS[coinIndex];
    const path = paths[coinIndex];
    const side = random.chance(0.52) ? 'buy' : 'sell';
    const quoteCoin = random.chance(0.78) ? 'USDT' : 'USDC';
    const mid = path.at(at);
    const notional = Math.min(5e6, Math.max(500, random.logNormal(client < 10 ? 60_000 : 20_000, 1.1)));
    let amount = notional / mid;
    // Clients like round sizes (1 BTC, 50 ETH): realistic, and a source of ambiguous matches.
    if (random.chance(0.08)) amount = roundSignificant(amount, 1);
    const markup = clientMarkupBps[client];
    const lockPrice = (side_: 'buy' | 'sell', at_: number) => priceText(path.at(at_) * (1 + (side_ === 'buy' ? 1 : -1) * (markup + 2 * random.normal()) * BPS));
    const base: Omit<DemoLock, 'id' | 'side' | 'price' | 'lockedAt' | 'baseAmount'> = { clientId: clientName(client), baseCoin: coin.base, quoteCoin };
    const amountText = roundTo(amount, coin.amountDecimals);
    if (Number(amountText) <= 0) continue;
    emit({ id: lockId(), ...base, side, baseAmount: amountText, price: lockPrice(side, at), lockedAt: at }, path, !random.chance(0.01));
    if (random.chance(0.03) && lockSeq < options.locks) {
      // A near-duplicate: same client, coin and side, similar amount, minutes later.
      const twinAt = at + random.int(60, 300) * 1000;
      const twinAmount = roundTo(amount * (1 + (random.next() - 0.5) * 0.01), coin.amountDecimals);
      i += 1; // an extra lock uses up one time slot, so the data still spans the whole period
      if (Number(twinAmount) > 0) emit({ id: lockId(), ...base, side, baseAmount: twinAmount, price: lockPrice(side, twinAt), lockedAt: twinAt }, path, true);
    }
    if (random.chance(0.003) && lockSeq < options.locks) {
      // A planted round trip: the same client reverses the same amount within a few minutes.
      const backAt = at + random.int(20, 240) * 1000;
      const back = side === 'buy' ? 'sell' : 'buy';
      i += 1;
      emit({ id: lockId(), ...base, side: back, baseAmount: amountText, price: lockPrice(back, backAt), lockedAt: backAt }, path, true);
    }
    if (random.chance(0.01)) {
      // A hedge with no lock (inventory or a manual desk trade).
      const orphan = hedgeFor(random, { id: '', ...base, side, baseAmount: roundTo(amount * (0.3 + random.next()), coin.amountDecimals), price: '0', lockedAt: at + random.int(0, 3600) * 1000 }, path, hedgeId(), startMs, endMs);
      if (Number(orphan.baseAmount) > 0) batch.hedges.push(orphan);
    }
    if (batch.locks.length >= batchSize) {
      yield batch;
      batch = { locks: [], hedges: [], truth: [] };
    }
  }
  if (batch.locks.length > 0 || batch.hedges.length > 0) yield batch;
}

function hedgeFor(random: Random, lock: DemoLock, path: PricePath, id: string, startMs: number, endMs: number): DemoHedge {
  const s = lock.side === 'buy' ? 1 : -1;
  let method = METHODS[random.weighted(METHOD_WEIGHTS)];
  // The desk's RFQ counterparty used to be Alameda: older rows still say so.
  if (method === 'rfq' && lock.lockedAt < startMs + (endMs - startMs) * 0.3 && random.chance(0.6)) method = 'alameda';
  const exchange = method === 'alameda' ? 'alameda' : method === 'rfq' ? random.pick(LIQUIDITY_PROVIDERS) : VENUES[random.weighted(VENUE_WEIGHTS)];
  const lagSeconds = random.chance(0.01)
    ? -random.int(1, 50) // pre-hedged just before the client locked
    : random.chance(0.03)
      ? Math.min(20 * 3600, random.logNormal(600, 1.0)) // forgotten or waiting for liquidity
      : Math.min(3600, random.logNormal(method === 'rfq' ? 4 : 7, 1.0));
  const createdAt = Math.round(lock.lockedAt + lagSeconds * 1000);
  const lockAmount = Number(lock.baseAmount);
  const decimals = (lock.baseAmount.split('.')[1] ?? '').length;
  let amount = lock.baseAmount;
  if (random.chance(0.2)) {
    const partial = roundTo(lockAmount * (1 - random.next() * 0.008), decimals);
    if (Math.abs(Number(partial) - lockAmount) <= 0.0095 * lockAmount && Number(partial) > 0) amount = partial;
  }
  const notional = lockAmount * path.at(lock.lockedAt);
  // Informed flow: the longer the desk waits, the further the market moves against it.
  const adverse = 2.5 * Math.sqrt(Math.max(lagSeconds, 0) / 60);
  const cost =
    method === 'twap' ? 2 + 1.5 * Math.log10(Math.max(notional, 1000) / 10_000) + 4 * random.normal()
    : method === 'otchedge' ? 1 + 6 * random.normal()
    : 4 + 2 * random.normal();
  const outlier = random.chance(0.002) ? 40 + 110 * random.next() : random.chance(0.0005) ? -60 : 0;
  const avgPrice = path.at(createdAt) * (1 + s * (adverse + cost + outlier) * BPS);
  const feeBps = method === 'rfq' || method === 'alameda' ? 0 : (VENUE_FEE_BPS[exchange] ?? 1.5) * (method === 'otchedge' ? 2 : 1);
  const fee = (Number(amount) * avgPrice * feeBps * BPS).toFixed(6);
  const duration = method === 'twap' ? random.logNormal(600, 0.8) : method === 'otchedge' ? random.logNormal(4 * 3600, 0.7) : random.int(1, 3);
  return {
    id, clientId: lock.clientId, side: lock.side, baseCoin: lock.baseCoin, quoteCoin: lock.quoteCoin,
    baseAmount: amount, avgPrice: priceText(avgPrice), fee, method, exchange, createdAt, finishedAt: Math.round(createdAt + duration * 1000),
  };
}

/** Sorted lock times, busier in Shanghai daytime than at night. */
function lockTimes(random: Random, count: number, startMs: number, endMs: number): Float64Array {
  const times = new Float64Array(count);
  let filled = 0;
  while (filled < count) {
    const at = startMs + random.next() * (endMs - startMs);
    const hour = Math.floor(at / 3_600_000 + 8) % 24;
    if (random.next() < (hour >= 9 && hour <= 23 ? 1 : 0.35)) times[filled++] = Math.round(at);
  }
  return times.sort();
}

const clientName = (rank: number) => `CL${String(rank + 1).padStart(4, '0')}`;

function roundSignificant(value: number, digits: number): number {
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - digits + 1);
  return Math.max(magnitude, Math.round(value / magnitude) * magnitude);
}
