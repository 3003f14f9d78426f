import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseCoinLiquidity, type MarketObservation } from '../../src/domain/liquidity-analysis.js';
import {
  annualisedFunding,
  basisBps,
  fundingIntervalHours,
  openInterestInQuote,
  realisedVolatility,
  volumeInQuote,
} from '../../src/domain/liquidity-market.js';

const close = (actual: number | null | undefined, expected: number, digits = 9) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 10 ** -digits, `${actual} ≉ ${expected}`);

const observation = (partial: Partial<MarketObservation> & Pick<MarketObservation, 'venue' | 'market'>): MarketObservation => ({
  symbol: partial.market === 'spot' ? 'BTC/USDT' : 'BTC/USDT:USDT',
  contractSize: 1,
  problems: [],
  ...partial,
});

describe('market figures', () => {
  test('realised volatility: sample stdev of hourly log returns × √8760', () => {
    // ln(1.1) = 0.0953102, ln(0.9) = −0.1053605: mean −0.0050252, each 0.1003353 from it,
    // variance 2 × 0.1003353² / 1 = 0.0201344, √(0.0201344 × 8760) = 13.2807.
    close(realisedVolatility([100, 110, 99]), 13.280701364, 6);
    assert.equal(realisedVolatility([100, 101]), null);
    assert.equal(realisedVolatility([100, 100, 100, 100]), 0);
  });

  test('funding annualised by its interval; 8 h assumed when the venue does not say', () => {
    close(annualisedFunding(0.0001, 8), 0.1095); // 3 a day × 365
    close(annualisedFunding(0.0001, 4), 0.219);
    assert.deepEqual(fundingIntervalHours('4h'), { hours: 4, assumed: false });
    assert.deepEqual(fundingIntervalHours(undefined), { hours: 8, assumed: true });
  });

  test('open interest and volume in quote respect contract size', () => {
    close(openInterestInQuote(500, 0.01, 100_000), 500_000); // 500 contracts × 0.01 BTC × 100,000
    close(volumeInQuote({ baseVolume: 2000, last: 100 }, 0.01), 2000);
    assert.equal(volumeInQuote({ quoteVolume: 123, baseVolume: 2000, last: 100 }, 0.01), 123);
    assert.equal(volumeInQuote({}, 1), null);
  });

  test('basis: perp mid over spot mid in bps', () => {
    assert.equal(basisBps(100.5, 100), 50);
    assert.equal(basisBps(99, 100), -100);
  });
});

describe('coin liquidity across venues', () => {
  const spotA = observation({ venue: 'a', market: 'spot', book: { bids: [[99, 10]], asks: [[101, 10]] } }); // 100 bps each way
  const perpA = observation({
    venue: 'a',
    market: 'perp',
    contractSize: 0.1,
    // 100 contracts × 0.1 = 10 coins per level; mid 100.5 → basis 50 bps over spot mid 100.
    book: { bids: [[100.4, 100]], asks: [[100.6, 100]] },
    funding: { rate: 0.0001, interval: '8h' },
    openInterestContracts: 1000,
  });
  const spotB = observation({ venue: 'b', market: 'spot', book: { bids: [[99.9, 1]], asks: [[100.1, 1]] } }); // ~100 quote each side
  const perpB = observation({ venue: 'b', market: 'perp', unavailable: { kind: 'timeout' } });

  test('ranks the venue × markets that can fill the notional by price against the spot reference', () => {
    const result = analyseCoinLiquidity([spotA, perpA, spotB, perpB], 500);
    assert.equal(result.referencePrice, 100); // median of spot mids 100 and 100
    // Buying 500: perp a at 100.6 (+60 bps vs 100; 9.95 bps vs its own mid 100.5); spot a at 101
    // (+100 bps); spot b is too thin (100.1 on offer).
    assert.deepEqual(
      result.ranking.buy.map((r) => `${r.venue}:${r.market}`),
      ['a:perp', 'a:spot'],
    );
    close(result.ranking.buy[0].costBps, 60, 6);
    close(result.ranking.buy[0].slippageBps, (0.1 / 100.5) * 10_000);
    // Selling: perp a at 100.4 gets 40 bps more than the reference; spot a at 99 gets 100 bps less.
    assert.deepEqual(
      result.ranking.sell.map((r) => [r.venue, r.market, Math.round(r.costBps * 1e6) / 1e6]),
      [
        ['a', 'perp', -40],
        ['a', 'spot', 100],
      ],
    );
    const perp = result.markets[1];
    close(perp.basisBps, 50);
    close(perp.openInterestQuote, 1000 * 0.1 * 100.5); // marked at mid when the venue gave no mark price
    close(perp.funding?.annualised, 0.1095);
    assert.equal(perp.depth[1]?.ask, 100.6 * 10); // ±1 %: 100 contracts = 10 coins
    assert.equal(result.markets[2].buy?.kind, 'thin');
    assert.equal(result.markets[3].book, undefined);
    assert.equal(result.unknownEverywhere, false);
  });

  test('a pair no venue lists is unknown everywhere, but not when a venue failed', () => {
    const notListed = (venue: string, market: 'spot' | 'perp') => observation({ venue, market, unavailable: { kind: 'not_listed' } });
    assert.equal(analyseCoinLiquidity([notListed('a', 'spot'), notListed('a', 'perp')], 1).unknownEverywhere, true);
    assert.equal(analyseCoinLiquidity([notListed('a', 'spot'), perpB], 1).unknownEverywhere, false);
  });
});
