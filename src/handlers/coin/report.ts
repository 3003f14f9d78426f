// The full /coin report as plain text, laid out like the desk's hand-written coin reports:
// conclusion first, then every venue × market, then how the figures are computed.
import { formatDateTime } from '../../bot/format.js';
import type { Translate } from '../../bot/i18n.js';
import { type CoinLiquidity, DEPTH_BANDS, type MarketLiquidity } from '../../domain/liquidity-analysis.js';
import type { Fill } from '../../domain/liquidity.js';
import { describeUnavailable, formatAmount, formatBps, formatDepthSide, formatNotional, formatPercent, formatPrice, formatSignedBps } from './format.js';
import type { CoinRequest } from './request.js';

export interface ReportContext {
  t: Translate;
  request: CoinRequest;
  at: Date;
  timeZone: string;
  timeoutMs: number;
}

/** coin-BTC-USDT-20261125-2105.txt, in the desk's time zone. */
export function reportFileName(request: CoinRequest, at: Date, timeZone: string): string {
  const stamp = formatDateTime(at, timeZone).replace(/[-:]/g, '').replace(' ', '-').slice(0, 13);
  return `coin-${request.base}-${request.quote}-${stamp}.txt`;
}

function fillLine(ctx: ReportContext, side: 'buy' | 'sell', fill: Fill | null): string | undefined {
  const { t, request } = ctx;
  if (!fill) return undefined;
  const common = { side: t(`coin.report.side.${side}`), notional: formatNotional(request.notional), quote: request.quote };
  if (fill.kind === 'thin') return t('coin.report.thin', { ...common, available: formatAmount(fill.availableQuote) });
  return t('coin.report.fill', { ...common, bps: formatBps(fill.slippageBps), price: formatPrice(fill.averagePrice), worst: formatPrice(fill.worstPrice) });
}

function marketSection(ctx: ReportContext, m: MarketLiquidity): string[] {
  const { t, request } = ctx;
  const o = m.observation;
  const lines = [t('coin.report.market', { venue: o.venue, market: t(`coin.market.${o.market}`), symbol: o.symbol })];
  if (o.unavailable) return [...lines, t('coin.report.unavailable', { reason: describeUnavailable(t, o.unavailable, ctx.timeoutMs) })];
  const quote = request.quote;
  lines.push(
    t('coin.report.price', { mid: formatPrice(m.mid), spread: formatBps(m.spreadBps), volume: formatAmount(m.volume24hQuote), quote, volatility: formatPercent(m.volatility, 1) }),
  );
  DEPTH_BANDS.forEach((band, i) => {
    lines.push(t('coin.report.depth', { band: formatPercent(band, 1), bid: formatDepthSide(m.depth[i], 'bid'), ask: formatDepthSide(m.depth[i], 'ask'), quote }));
  });
  for (const line of [fillLine(ctx, 'buy', m.buy), fillLine(ctx, 'sell', m.sell)]) if (line) lines.push(line);
  if (o.market === 'perp') {
    lines.push(
      t('coin.report.perp', {
        rate: formatPercent(m.funding?.rate, 4),
        hours: m.funding?.intervalHours ?? 8,
        annualised: formatPercent(m.funding?.annualised, 2),
        assumed: m.funding?.intervalAssumed ? t('coin.report.assumed') : '',
        openInterest: formatAmount(m.openInterestQuote),
        quote,
        basis: formatBps(m.basisBps),
        contractSize: o.contractSize,
      }),
    );
  }
  for (const problem of o.problems) {
    lines.push(`  ${t(`coin.part.${problem.part}`)}: ${describeUnavailable(t, problem.reason, ctx.timeoutMs)}`);
  }
  if (o.latencyMs !== undefined) lines.push(t('coin.report.latency', { ms: o.latencyMs }));
  return lines;
}

export function coinReportText(ctx: ReportContext, liquidity: CoinLiquidity): string {
  const { t, request } = ctx;
  const symbol = `${request.base}/${request.quote}`;
  const notional = formatNotional(request.notional);
  const lines = [
    t('coin.report.title', { symbol }),
    t('coin.report.generated', { at: formatDateTime(ctx.at, ctx.timeZone), zone: ctx.timeZone }),
    t('coin.report.request', { notional, quote: request.quote, venues: request.venues.join(', ') }),
    '',
    t('coin.report.conclusion'),
  ];
  if (liquidity.referencePrice !== null) lines.push(t('coin.reference', { price: formatPrice(liquidity.referencePrice) }));
  for (const side of ['buy', 'sell'] as const) {
    lines.push(t('coin.report.ranking', { side: t(`coin.report.side.${side}`), notional, quote: request.quote }));
    const ranked = liquidity.ranking[side];
    if (ranked.length === 0) lines.push(`  ${t(side === 'buy' ? 'coin.best.noneBuy' : 'coin.best.noneSell', { notional, quote: request.quote })}`);
    ranked.forEach((r, i) => {
      const market = t(`coin.market.${r.market}`);
      const values = { rank: i + 1, venue: r.venue, market, price: formatPrice(r.averagePrice), cost: formatSignedBps(r.costBps), bps: formatBps(r.slippageBps) };
      lines.push(`  ${t('coin.report.rankLine', values)}`);
    });
  }
  lines.push('', t('coin.report.details'));
  for (const m of liquidity.markets) lines.push(...marketSection(ctx, m), '');
  lines.push(t('coin.report.notes'), t('coin.detail'), '');
  return lines.join('\n');
}
