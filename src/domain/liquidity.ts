// Order-book liquidity metrics: mid, spread, depth near mid, and the cost of a market order of a
// given size. Pure; books arrive with amounts in base coin (see bookInBase for perps).
// Floating point is enough here: results are shown to 0.1 bps and a few significant digits.

export type Level = readonly [price: number, amount: number];

/** Bids best (highest) first, asks best (lowest) first; amounts in base coin. */
export interface Book {
  bids: readonly Level[];
  asks: readonly Level[];
}

export type Side = 'buy' | 'sell';

/** Perp books count contracts; a contract is `contractSize` base coin (e.g. 0.01 BTC on OKX). */
export function bookInBase(book: Book, contractSize: number): Book {
  if (contractSize === 1) return book;
  const scale = (levels: readonly Level[]) => levels.map(([price, amount]): Level => [price, amount * contractSize]);
  return { bids: scale(book.bids), asks: scale(book.asks) };
}

export function midPrice(book: Book): number | null {
  const bid = book.bids[0]?.[0];
  const ask = book.asks[0]?.[0];
  return bid === undefined || ask === undefined ? null : (bid + ask) / 2;
}

/** (ask - bid) / mid, in basis points. */
export function spreadBps(book: Book): number | null {
  const mid = midPrice(book);
  if (mid === null) return null;
  return ((book.asks[0][0] - book.bids[0][0]) / mid) * 10_000;
}

export interface Depth {
  /** Quote coin resting within the band: bids down to mid·(1−pct), asks up to mid·(1+pct), bounds included. */
  bid: number;
  ask: number;
  /**
   * False when the fetched book ends inside the band (venues cap the levels they return): the
   * figure is then a lower bound.
   */
  bidComplete: boolean;
  askComplete: boolean;
}

/** Depth within ±`fraction` of mid (0.01 = ±1 %). */
export function depthWithin(book: Book, fraction: number): Depth | null {
  const mid = midPrice(book);
  if (mid === null) return null;
  const low = mid * (1 - fraction);
  const high = mid * (1 + fraction);
  const sum = (levels: readonly Level[], inside: (price: number) => boolean) =>
    levels.filter(([price]) => inside(price)).reduce((total, [price, amount]) => total + price * amount, 0);
  const lastBid = book.bids[book.bids.length - 1][0];
  const lastAsk = book.asks[book.asks.length - 1][0];
  return {
    bid: sum(book.bids, (price) => price >= low),
    ask: sum(book.asks, (price) => price <= high),
    bidComplete: lastBid < low,
    askComplete: lastAsk > high,
  };
}

export type Fill =
  | { kind: 'filled'; averagePrice: number; baseAmount: number; worstPrice: number; slippageBps: number }
  /** The fetched book holds less than the notional on this side. */
  | { kind: 'thin'; availableQuote: number };

/**
 * Walks one side of the book for a market order worth `notional` quote coin: buying lifts asks,
 * selling hits bids. Slippage is the average fill price against mid, in bps, positive = cost
 * (it includes half the spread, which is what the desk pays versus a mid quote).
 */
export function marketOrderFill(book: Book, side: Side, notional: number): Fill | null {
  const mid = midPrice(book);
  if (mid === null) return null;
  const levels = side === 'buy' ? book.asks : book.bids;
  let remaining = notional;
  let base = 0;
  let worstPrice = levels[0][0];
  // A relative tolerance so a notional that ends exactly on a level boundary counts as filled.
  const epsilon = notional * 1e-12;
  for (const [price, amount] of levels) {
    if (remaining <= epsilon) break;
    const take = Math.min(remaining, price * amount);
    base += take / price;
    remaining -= take;
    worstPrice = price;
  }
  if (remaining > epsilon) return { kind: 'thin', availableQuote: notional - remaining };
  const averagePrice = notional / base;
  const sign = side === 'buy' ? 1 : -1;
  return { kind: 'filled', averagePrice, baseAmount: base, worstPrice, slippageBps: (sign * (averagePrice - mid) / mid) * 10_000 };
}

/** Sizes for the slippage-vs-size curve: notional/10 to notional×10, six steps a decade. */
export function slippageSizes(notional: number): number[] {
  return Array.from({ length: 13 }, (_, i) => notional * 10 ** ((i - 6) / 6));
}

/** Cumulative depth (quote) at each distance from mid in `fractions`; null beyond the fetched book. */
export function depthCurve(book: Book, side: Side, fractions: readonly number[]): (number | null)[] {
  return fractions.map((fraction) => {
    const depth = depthWithin(book, fraction);
    if (!depth) return null;
    const complete = side === 'buy' ? depth.askComplete : depth.bidComplete;
    return complete || fraction === 0 ? (side === 'buy' ? depth.ask : depth.bid) : null;
  });
}
