// Positions to simulate: one, or a random book (positions=N) drawn from stated distributions:
// collateral value lognormal around `notional` (σ of log size 0.75, so the middle 90 % spans about
// ×0.3 to ×3.4) and initial LTV uniform on [ltv − 0.15, ltv + 0.10], kept in [0.05, call − 0.01].
import { RandomSource } from '../random.js';
import type { PositionBook } from './types.js';

export const BOOK_SIZE_LOG_SIGMA = 0.75;
export const BOOK_LTV_BELOW = 0.15;
export const BOOK_LTV_ABOVE = 0.1;
/** Random stream of the book draw, apart from the path blocks' streams. */
const BOOK_STREAM = 0x7fffffff;

export function singlePosition(notional: number, ltv: number): PositionBook {
  return { notional: Float64Array.of(notional), ltv: Float64Array.of(ltv) };
}

export function randomBook(seed: number, count: number, notional: number, ltv: number, callLine: number): PositionBook {
  const rng = new RandomSource(seed, BOOK_STREAM);
  const low = Math.max(0.05, ltv - BOOK_LTV_BELOW);
  const high = Math.max(low, Math.min(callLine - 0.01, ltv + BOOK_LTV_ABOVE));
  const book: PositionBook = { notional: new Float64Array(count), ltv: new Float64Array(count) };
  for (let i = 0; i < count; i++) {
    book.notional[i] = notional * Math.exp(BOOK_SIZE_LOG_SIGMA * rng.nextNormal());
    book.ltv[i] = low + (high - low) * rng.nextFloat();
  }
  return book;
}

export function bookDebt(book: PositionBook): number {
  let debt = 0;
  for (let i = 0; i < book.ltv.length; i++) debt += book.ltv[i] * book.notional[i];
  return debt;
}
