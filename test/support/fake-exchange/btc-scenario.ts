// A BTC/USDT market on a Binance-format and an OKX-format fake with round numbers, so /coin's
// answers can be computed by hand (see test/handlers/coin.test.ts for the expectations).
import type { FakeExchange } from './index.js';

const HOUR = 3_600_000;

export function seedBtcScenario(binance: FakeExchange, okx: FakeExchange, now = Date.now()): void {
  // Binance spot: mid 100,000, spread 2 bps; ±1 % holds 149,975 bid / 150,025 ask.
  binance.setOrderBook('BTC/USDT', 'spot', {
    bids: [
      [99_990, 0.5],
      [99_980, 1],
      [97_000, 10],
    ],
    asks: [
      [100_010, 0.5],
      [100_020, 1],
      [103_000, 10],
    ],
  });
  binance.setTicker('BTC/USDT', 'spot', { quoteVolume: 1_234_567_890 });
  // Three closed hourly candles: closes 100, 110, 99 → annualised volatility 1328.1 %.
  const hour = Math.floor(now / HOUR) * HOUR;
  binance.setKlines(
    'BTC/USDT',
    'spot',
    [100, 110, 99].map((close, i) => ({ time: hour - (3 - i) * HOUR, open: close, high: close, low: close, close, volume: 1 })),
  );
  // Binance perp (contract = 1 BTC): mid 100,110 → basis 11.0 bps over spot.
  binance.setOrderBook('BTC/USDT', 'perp', {
    bids: [
      [100_100, 2],
      [99_000, 10],
    ],
    asks: [
      [100_120, 2],
      [101_200, 10],
    ],
  });
  binance.setTicker('BTC/USDT', 'perp', { quoteVolume: 9_870_000_000 });
  binance.setFunding('BTC/USDT', { rate: 0.0004, markPrice: 100_110 });
  binance.setOpenInterest('BTC/USDT', 4);

  // OKX spot: mid 100,000, spread 1 bp; 100,000 fills inside the first level at ±5 → 0.5 bps.
  okx.setOrderBook('BTC/USDT', 'spot', {
    bids: [
      [99_995, 2],
      [98_000, 10],
    ],
    asks: [
      [100_005, 2],
      [102_000, 10],
    ],
  });
  okx.setTicker('BTC/USDT', 'spot', { quoteVolume: 50_000_000 });
  // OKX perp in contracts of 0.01 BTC: 50 contracts = 0.5 BTC at the top, then a gap.
  okx.setOrderBook('BTC/USDT', 'perp', {
    bids: [
      [100_040, 50],
      [99_000, 1000],
    ],
    asks: [
      [100_060, 50],
      [101_500, 1000],
    ],
  });
  okx.setTicker('BTC/USDT', 'perp', { baseVolume: 200_000 });
  okx.setFunding('BTC/USDT', { rate: 0.0002 });
  okx.setOpenInterest('BTC/USDT', 1000);
}
