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
  slippageBps: number;
  averagePrice: number;
}

export interface CoinLiquidity {
  notional: number;
  markets: MarketLiquidity[];
  /** Cheapest first; only venue × markets that fill the whole notional. */
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

export function rankMarkets(markets: readonly MarketLiquidity[], side: Side): Ranked[] {
  const ranked: Ranked[] = [];
  for (const m of markets) {
    const fill = side === 'buy' ? m.buy : m.sell;
    if (fill?.kind === 'filled') {
      ranked.push({ venue: m.observation.venue, market: m.observation.market, slippageBps: fill.slippageBps, averagePrice: fill.averagePrice });
    }
  }
  return ranked.sort((a, b) => a.slippageBps - b.slippageBps);
}

export function analyseCoinLiquidity(observations: readonly MarketObservation[], notional: number): CoinLiquidity {
  const markets = observations.map((observation) => analyseMarket(observation, notional));
  for (const perp of markets.filter((m) => m.observation.market === 'perp')) {
    const spot = markets.find((m) => m.observation.market === 'spot' && m.observation.venue === perp.observation.venue);
    if (perp.mid !== null && spot?.mid) perp.basisBps = basisBps(perp.mid, spot.mid);
  }
  return {
    notional,
    markets,
    ranking: { buy: rankMarkets(markets, 'buy'), sell: rankMarkets(markets, 'sell') },
    unknownEverywhere: observations.length > 0 && observations.every((o) => o.unavailable?.kind === 'not_listed'),
  };
}
