// Plausible markets for benchmarks and chart reviews: deep books whose size grows away from mid,
// a week of hourly candles from a seeded random walk, funding and open interest. Deterministic per seed.
import type { FakeExchange, FakeMarket } from './index.js';

const HOUR = 3_600_000;

/** mulberry32: small, fast, good enough for test data. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface RealisticMarket {
  symbol: string;
  market: FakeMarket;
  mid: number;
  /** Levels per side (venues cap what they return; the fake honours the limit asked). */
  levels?: number;
  /** Price step between levels as a fraction of mid. */
  step?: number;
  /** Base coin at the first level; deeper levels grow. */
  topSize?: number;
  contractSize?: number;
  seed?: number;
  now?: number;
}

export function seedRealisticMarket(fake: FakeExchange, m: RealisticMarket): void {
  const random = seeded(m.seed ?? 1);
  const levels = m.levels ?? 1000;
  const step = m.step ?? 0.00003;
  const topSize = m.topSize ?? 0.3;
  const contractSize = m.contractSize ?? 1;
  const side = (sign: 1 | -1): [number, number][] =>
    Array.from({ length: levels }, (_, i) => {
      const price = Number((m.mid * (1 + sign * (step / 2 + i * step))).toFixed(2));
      const base = topSize * (1 + i / 40) * (0.5 + random());
      return [price, Number((base / contractSize).toFixed(4))];
    });
  fake.setOrderBook(m.symbol, m.market, { bids: side(-1), asks: side(1) });
  const now = m.now ?? Date.now();
  const hour = Math.floor(now / HOUR) * HOUR;
  let close = m.mid;
  const candles = Array.from({ length: 7 * 24 }, (_, i) => {
    const open = close;
    close = open * Math.exp((random() - 0.5) * 0.012); // ~0.35 % hourly moves, ~30 % a year
    return { time: hour - (7 * 24 - i) * HOUR, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: (50 + random() * 100) / contractSize };
  });
  fake.setKlines(m.symbol, m.market, candles);
  fake.setTicker(m.symbol, m.market, { quoteVolume: m.mid * (5_000 + random() * 20_000) });
  if (m.market === 'perp') {
    fake.setFunding(m.symbol, { rate: Number(((random() - 0.3) * 0.0002).toFixed(6)), markPrice: m.mid });
    fake.setOpenInterest(m.symbol, Math.round((20_000 + random() * 50_000) / contractSize));
  }
}
