import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pairPnl } from '../../src/domain/pnl.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('pairPnl', () => {
  test('client buy: the desk sells at the lock price and buys on the market', () => {
    // (100 - 99) * 2 - 0.5 = 1.5; notional 200; 75 bps.
    const p = pairPnl({ side: 'buy', baseAmount: 2, price: 100 }, { baseAmount: 2, avgPrice: 99, fee: 0.5 });
    close(p.pnl, 1.5);
    close(p.notional, 200);
    close(p.pnlBps, 75);
    close(p.residual, 0);
  });

  test('client sell: the desk buys at the lock price and sells on the market', () => {
    // -(50 - 50.2) * 10 - 0.3 = 1.7; notional 500; 34 bps.
    const p = pairPnl({ side: 'sell', baseAmount: 10, price: 50 }, { baseAmount: 10, avgPrice: 50.2, fee: 0.3 });
    close(p.pnl, 1.7);
    close(p.pnlBps, 34);
  });

  test('a losing hedge and partial fills use the smaller amount; the residual may be negative', () => {
    // under-filled: q = 0.995; (100 - 101) * 0.995 - 0 = -0.995; residual 0.005.
    const under = pairPnl({ side: 'buy', baseAmount: 1, price: 100 }, { baseAmount: 0.995, avgPrice: 101, fee: 0 });
    close(under.pnl, -0.995);
    close(under.residual, 0.005);
    // over-filled: q = 1 (the lock); residual -0.01.
    const over = pairPnl({ side: 'sell', baseAmount: 1, price: 100 }, { baseAmount: 1.01, avgPrice: 100.5, fee: 0.1 });
    close(over.pnl, 0.4);
    close(over.residual, -0.01);
  });

  test("the sum of pair P&L equals the desk's cash flows on a fully hedged book", () => {
    const book = [
      { lock: { side: 'buy' as const, baseAmount: 2, price: 100 }, hedge: { baseAmount: 2, avgPrice: 99.2, fee: 0.4 } },
      { lock: { side: 'sell' as const, baseAmount: 3, price: 98 }, hedge: { baseAmount: 3, avgPrice: 98.5, fee: 0.3 } },
      { lock: { side: 'buy' as const, baseAmount: 0.5, price: 101 }, hedge: { baseAmount: 0.5, avgPrice: 101.4, fee: 0.05 } },
    ];
    // Cash in quote coin: clients pay for buys and are paid for sells; the market the other way, plus fees.
    let cash = 0;
    let position = 0;
    for (const { lock, hedge } of book) {
      const s = lock.side === 'buy' ? 1 : -1;
      cash += s * lock.price * lock.baseAmount - s * hedge.avgPrice * hedge.baseAmount - hedge.fee;
      position += -s * lock.baseAmount + s * hedge.baseAmount;
    }
    assert.equal(position, 0);
    close(book.reduce((sum, pair) => sum + pairPnl(pair.lock, pair.hedge).pnl, 0), cash);
    // By hand: 1.6 - 0.4 + 1.5 - 0.3 - 0.2 - 0.05 = 2.15.
    close(cash, 2.15);
  });
});
