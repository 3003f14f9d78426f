// The chat reply of /coin: one table venue × market, the best venue each way, what is missing and why.
import type { Translate } from '../../bot/i18n.js';
import { markdownTable } from '../../bot/format.js';
import type { CoinLiquidity, MarketLiquidity } from '../../domain/liquidity-analysis.js';
import type { Fill } from '../../domain/liquidity.js';
import { describeUnavailable, formatAmount, formatBps, formatDepthSide, formatNotional, formatPercent, formatPrice, formatSignedBps } from './format.js';
import type { CoinRequest } from './request.js';

const ONE_PERCENT = 1; // index of ±1 % in DEPTH_BANDS

export const marketLabel = (t: Translate, m: MarketLiquidity) => `${m.observation.venue} ${t(`coin.market.${m.observation.market}`)}`;

const fillCell = (t: Translate, fill: Fill | null) => (!fill ? '-' : fill.kind === 'thin' ? t('coin.thin') : formatBps(fill.slippageBps));

function row(t: Translate, m: MarketLiquidity): string[] {
  const perp = m.observation.market === 'perp';
  const depth = m.depth[ONE_PERCENT];
  return [
    marketLabel(t, m),
    formatPrice(m.mid),
    formatBps(m.spreadBps),
    `${formatDepthSide(depth, 'bid')} / ${formatDepthSide(depth, 'ask')}`,
    `${fillCell(t, m.buy)} / ${fillCell(t, m.sell)}`,
    formatAmount(m.volume24hQuote),
    perp && m.funding ? `${formatPercent(m.funding.rate, 4)} (${formatPercent(m.funding.annualised, 1)})` : '-',
    perp ? formatAmount(m.openInterestQuote) : '-',
    perp ? formatBps(m.basisBps) : '-',
  ];
}

/** "binance 现货：超时…" lines for venue × markets without figures, and for figures that are missing. */
export function missingLines(t: Translate, liquidity: CoinLiquidity, timeoutMs: number): string[] {
  const lines: string[] = [];
  for (const m of liquidity.markets) {
    const { unavailable, problems } = m.observation;
    if (unavailable) lines.push(`${marketLabel(t, m)}：${describeUnavailable(t, unavailable, timeoutMs)}`);
    for (const problem of problems) {
      lines.push(
        t('coin.partial', {
          venue: m.observation.venue,
          market: t(`coin.market.${m.observation.market}`),
          part: t(`coin.part.${problem.part}`),
          reason: describeUnavailable(t, problem.reason, timeoutMs),
        }),
      );
    }
  }
  return lines;
}

export function bestLines(t: Translate, liquidity: CoinLiquidity, request: CoinRequest): string[] {
  return (['buy', 'sell'] as const).map((side) => {
    const best = liquidity.ranking[side][0];
    if (!best) return t(side === 'buy' ? 'coin.best.noneBuy' : 'coin.best.noneSell', { notional: formatNotional(request.notional), quote: request.quote });
    return t(`coin.best.${side}`, {
      venue: best.venue,
      market: t(`coin.market.${best.market}`),
      price: formatPrice(best.averagePrice),
      cost: formatSignedBps(best.costBps),
      bps: formatBps(best.slippageBps),
    });
  });
}

export function coinSummaryMarkdown(t: Translate, liquidity: CoinLiquidity, request: CoinRequest, timeoutMs: number, fileName: string): { title: string; markdown: string } {
  const symbol = `${request.base}/${request.quote}`;
  const title = t('coin.title', { symbol, notional: formatNotional(request.notional), quote: request.quote });
  const headers = ['venue', 'mid', 'spread', 'depth', 'slippage', 'volume', 'funding', 'openInterest', 'basis'].map((c) => t(`coin.col.${c}`));
  const rows = liquidity.markets.filter((m) => m.book).map((m) => row(t, m));
  const lines = [`### ${title}`, '', markdownTable(headers, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']), ''];
  lines.push(...bestLines(t, liquidity, request).map((line) => `- **${line}**`));
  if (liquidity.referencePrice !== null) lines.push('', t('coin.reference', { price: formatPrice(liquidity.referencePrice) }));
  const missing = missingLines(t, liquidity, timeoutMs);
  if (missing.length > 0) lines.push('', `**${t('coin.unavailableTitle')}**`, ...missing.map((line) => `- ${line}`));
  lines.push('', t('coin.fileNote', { file: fileName }));
  return { title, markdown: lines.join('\n') };
}
