import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Book, bookInBase, depthCurve, depthWithin, marketOrderFill, midPrice, spreadBps } from '../../src/domain/liquidity.js';

// mid 100; bids 99×1, 98×2, 97×5; asks 101×1, 102×2, 103×5 (base coin).
const book: Book = {
  bids: [
    [99, 1],
    [98, 2],
    [97, 5],
  ],
  asks: [
    [101, 1],
    [102, 2],
    [103, 5],
  ],
};

const close = (actual: number | undefined, expected: number, digits = 9) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 10 ** -digits, `${actual} ≉ ${expected}`);

describe('order-book metrics', () => {
  test('mid and spread', () => {
    assert.equal(midPrice(book), 100);
    assert.equal(spreadBps(book), 200); // (101 − 99) / 100
    assert.equal(midPrice({ bids: [], asks: [[1, 1]] }), null);
  });

  test('depth within a band counts the levels on its bounds, in quote coin', () => {
    // ±1 %: bids ≥ 99 → 99×1; asks ≤ 101 → 101×1.
    assert.deepEqual(depthWithin(book, 0.01), { bid: 99, ask: 101, bidComplete: true, askComplete: true });
    // ±2 %: 99 + 98×2 = 295; 101 + 102×2 = 305.
    assert.deepEqual(depthWithin(book, 0.02), { bid: 295, ask: 305, bidComplete: true, askComplete: true });
    // ±3 %: the book ends on the bound, so it may go on beyond what the venue sent: a lower bound.
    assert.deepEqual(depthWithin(book, 0.03), { bid: 780, ask: 820, bidComplete: false, askComplete: false });
  });

  test('depth curve stops where the fetched book ends', () => {
    assert.deepEqual(depthCurve(book, 'buy', [0, 0.01, 0.02, 0.05]), [0, 101, 305, null]);
    assert.deepEqual(depthCurve(book, 'sell', [0, 0.01, 0.02, 0.05]), [0, 99, 295, null]);
  });

  test('buying exactly up to a level boundary takes whole levels and no more', () => {
    const fill = marketOrderFill(book, 'buy', 305); // 101×1 + 102×2
    assert.equal(fill?.kind, 'filled');
    if (fill?.kind !== 'filled') return;
    close(fill.baseAmount, 3);
    close(fill.averagePrice, 305 / 3);
    close(fill.slippageBps, 166.666666667, 6); // (101.6667 − 100) / 100
    assert.equal(fill.worstPrice, 102);
  });

  test('buying inside the first level pays half the spread', () => {
    const fill = marketOrderFill(book, 'buy', 50.5);
    assert.deepEqual(fill, { kind: 'filled', averagePrice: 101, baseAmount: 0.5, worstPrice: 101, slippageBps: 100 });
  });

  test('selling walks the bids: 148 = 99×1 + 98×0.5', () => {
    const fill = marketOrderFill(book, 'sell', 148);
    assert.equal(fill?.kind, 'filled');
    if (fill?.kind !== 'filled') return;
    close(fill.baseAmount, 1.5);
    close(fill.averagePrice, 148 / 1.5);
    close(fill.slippageBps, 133.333333333, 6);
    assert.equal(fill.worstPrice, 98);
  });

  test('a notional beyond the book says the book is too thin and how much it holds', () => {
    assert.deepEqual(marketOrderFill(book, 'buy', 1000), { kind: 'thin', availableQuote: 820 });
    assert.deepEqual(marketOrderFill(book, 'sell', 781), { kind: 'thin', availableQuote: 780 });
  });

  test('perp books in contracts become base coin by contract size', () => {
    const contracts: Book = { bids: [[99, 50]], asks: [[101, 30]] };
    const base = bookInBase(contracts, 0.01);
    assert.deepEqual(base, { bids: [[99, 0.5]], asks: [[101, 0.3]] });
    close(depthWithin(base, 0.01)?.ask, 30.3); // 101 × 0.3 BTC, not 101 × 30
    assert.equal(bookInBase(contracts, 1), contracts);
  });
});
