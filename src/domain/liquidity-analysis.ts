// One coin across venues: turns what was fetched per venue × market into the figures /coin shows,
// and ranks where a notional is cheapest to hedge each way. Pure.
import { type Book, bookInBase, type Depth, depthWithin, type Fill, marketOrderFill, midPrice, type Side, spreadBps } from './liquidity.js';
import {
  annualisedFunding,
  basisBps,
  fundingIntervalHours,
  openInterestInQuote,
  realisedVolatility,
  volumeInQuote,
} from './liquidity-market.js';

export type MarketType = 'spot' | 'perp';

/** Why a venue × market has no figures: not listed, timed out, or the venue answered an error. */
export interface Unavailable {
  kind: 'not_listed' | 'timeout' | 'error';
  detail?: string;
}

/** What the market-data adapter fetched for one venue × market. */
export interface MarketObservation {
  venue: string;
  market: MarketType;
  /** Venue symbol in ccxt's spelling, e.g. BTC/USDT or BTC/USDT:USDT. */
  symbol: string;
  unavailable?: Unavailable;
  /** Base coin per contract (1 for spot). */
  contractSize: number;
  /** Amounts in contracts for perps, as venues send them. */
  book?: Book;
  ticker?: { last?: number; quoteVolume?: number; baseVolume?: number };
  hourlyCloses?: number[];
  funding?: { rate: number; interval?: string; markPrice?: number };
  openInterestContracts?: number;
  /** Secondary figures that failed while the book came through (shown as "-" with the reason). */
  problems: { part: 'ticker' | 'ohlcv' | 'funding' | 'openInterest'; reason: Unavailable }[];
  latencyMs?: number;
}

export const DEPTH_BANDS = [0.005, 0.01, 0.02] as const;

export interface MarketLiquidity {
  observation: MarketObservation;
  /** Book in base coin (contract size applied). */
  book?: Book;
  mid: number | null;
  spreadBps: number | null;
  depth: (Depth | null)[];
  buy: Fill | null;
  sell: Fill | null;
  volume24hQuote: number | null;
  volatility: number | null;
  funding: { rate: number; annualised: number; intervalHours: number; intervalAssumed: boolean } | null;
  openInterestQuote: number | null;
  /** Perp only: perp mid over the same venue's spot mid. */
  basisBps: number | null;
}

export interface Ranked {
  venue: string;
  market: MarketType;
  averagePrice: number;
  /** Against this venue × market's own mid. */
  slippageBps: number;
  /** Average price against the common reference price, in bps, positive = worse (pays more / gets less). */
  costBps: number;
}

export interface CoinLiquidity {
  notional: number;
  markets: MarketLiquidity[];
  /** The median spot mid (all mids when no spot book came): what every venue's price is compared with. */
  referencePrice: number | null;
  /**
   * Best price first (lowest average buying, highest selling), so venue price differences count as
   * much as slippage; only venue × markets that fill the whole notional. Perp prices include the basis.
   */
  ranking: Record<Side, Ranked[]>;
  /** True when no venue lists the pair in any market (and none failed, so the answer is certain). */
  unknownEverywhere: boolean;
}

function analyseMarket(observation: MarketObservation, notional: number): MarketLiquidity {
  const book = observation.book ? bookInBase(observation.book, observation.contractSize) : undefined;
  const mid = book ? midPrice(book) : null;
  const ticker = observation.ticker;
  const interval = fundingIntervalHours(observation.funding?.interval);
  const markPrice = observation.funding?.markPrice ?? mid ?? ticker?.last;
  return {
    observation,
    book,
    mid,
    spreadBps: book ? spreadBps(book) : null,
    depth: DEPTH_BANDS.map((band) => (book ? depthWithin(book, band) : null)),
    buy: book ? marketOrderFill(book, 'buy', notional) : null,
    sell: book ? marketOrderFill(book, 'sell', notional) : null,
    volume24hQuote: ticker ? volumeInQuote({ ...ticker, last: ticker.last ?? mid ?? undefined }, observation.contractSize) : null,
    volatility: observation.hourlyCloses ? realisedVolatility(observation.hourlyCloses) : null,
    funding: observation.funding
      ? {
          rate: observation.funding.rate,
          annualised: annualisedFunding(observation.funding.rate, interval.hours),
          intervalHours: interval.hours,
          intervalAssumed: interval.assumed,
        }
      : null,
    openInterestQuote:
      observation.openInterestContracts !== undefined && markPrice !== undefined && markPrice !== null
        ? openInterestInQuote(observation.openInterestContracts, observation.contractSize, markPrice)
        : null,
    basisBps: null,
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function referencePrice(markets: readonly MarketLiquidity[]): number | null {
  const mids = (type?: MarketType) => markets.filter((m) => m.mid !== null && (!type || m.observation.market === type)).map((m) => m.mid as number);
  return median(mids('spot')) ?? median(mids());
}

export function rankMarkets(markets: readonly MarketLiquidity[], side: Side, reference: number): Ranked[] {
  const sign = side === 'buy' ? 1 : -1;
  const ranked: Ranked[] = [];
  for (const m of markets) {
    const fill = side === 'buy' ? m.buy : m.sell;
    if (fill?.kind !== 'filled') continue;
    ranked.push({
      venue: m.observation.venue,
      market: m.observation.market,
      averagePrice: fill.averagePrice,
      slippageBps: fill.slippageBps,
      costBps: ((sign * (fill.averagePrice - reference)) / reference) * 10_000,
    });
  }
  return ranked.sort((a, b) => a.costBps - b.costBps);
}

export function analyseCoinLiquidity(observations: readonly MarketObservation[], notional: number): CoinLiquidity {
  const markets = observations.map((observation) => analyseMarket(observation, notional));
  for (const perp of markets.filter((m) => m.observation.market === 'perp')) {
    const spot = markets.find((m) => m.observation.market === 'spot' && m.observation.venue === perp.observation.venue);
    if (perp.mid !== null && spot?.mid) perp.basisBps = basisBps(perp.mid, spot.mid);
  }
  const reference = referencePrice(markets);
  return {
    notional,
    markets,
    referencePrice: reference,
    ranking: reference === null ? { buy: [], sell: [] } : { buy: rankMarkets(markets, 'buy', reference), sell: rankMarkets(markets, 'sell', reference) },
    unknownEverywhere: observations.length > 0 && observations.every((o) => o.unavailable?.kind === 'not_listed'),
  };
}
