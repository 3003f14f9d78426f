// One digest message for one conversation: the batch's alerts, most severe first, at most
// MAX_LINES lines and the rest counted, plus at most one chart (the top anomaly against its history).
import type { StoredAlert } from '../../adapters/db/alert-repository.js';
import { formatDateTime, formatDuration } from '../../bot/format.js';
import type { Translate } from '../../bot/i18n.js';
import { markdown, type ReplyPart } from '../../bot/reply.js';
import type { Locale } from '../../config.js';
import { buildDigest } from '../../domain/alerts/digest.js';

export const MAX_DIGEST_LINES = 10;
/** The most rows `/alerts history N` lists (src/handlers/commands/alerts.ts). */
const HISTORY_MAX_ROWS = 200;

const fixed = (value: unknown, digits = 2) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '-');
const plain = (value: unknown) => (typeof value === 'number' ? String(Number(value.toPrecision(12))) : String(value ?? '-'));

/** The condition, and what it is about when it has a subject (the conversation, the instance). */
const systemSubject = (d: Record<string, unknown>, t: Translate) => {
  const condition = t(`alerts.condition.${d.condition}`);
  return d.subject ? t('alerts.condition.subject', { condition, subject: String(d.subject) }) : condition;
};

export function alertLine(alert: StoredAlert, t: Translate, locale: Locale, timeZone: string): string {
  const d = alert.details as Record<string, unknown>;
  const common = { coin: alert.coin ?? '-', client: alert.clientId ?? '-', lock: alert.lockId ?? '-' };
  const scope = d.scope === 'all' ? t('alerts.scope.all') : '';
  switch (alert.rule) {
    case 'pnl_low':
    case 'pnl_high': {
      const digits = d.metric === 'pnl' ? 2 : 1;
      return t(`alerts.line.${alert.rule}`, {
        ...common,
        metric: String(d.metric),
        value: fixed(d.value, digits),
        low: fixed(d.low, digits),
        high: fixed(d.high, digits),
        pl: plain(d.percentileLow),
        ph: plain(d.percentileHigh),
        n: plain(d.sampleSize),
        scope,
      });
    }
    case 'lag_high':
      return t('alerts.line.lag_high', { ...common, value: fixed(d.value, 0), high: fixed(d.high, 0), p: plain(d.percentile), n: plain(d.sampleSize), scope });
    case 'unhedged':
      return t('alerts.line.unhedged', {
        ...common,
        side: t(`alerts.side.${d.side}`),
        amount: plain(d.amount),
        price: plain(d.price),
        notional: fixed(d.notional),
        quote: String(d.quoteCoin ?? ''),
        open: formatDuration(Number(d.openSeconds) * 1000, locale),
        after: formatDuration(Number(d.afterSeconds) * 1000, locale),
      });
    case 'roundtrip': {
      const buy = d.buy as Record<string, unknown>;
      const sell = d.sell as Record<string, unknown>;
      return t('alerts.line.roundtrip', {
        ...common,
        quote: String(d.quoteCoin ?? ''),
        buyAmount: plain(buy.amount),
        buyPrice: plain(buy.price),
        buyId: String(buy.id),
        sellAmount: plain(sell.amount),
        sellPrice: plain(sell.price),
        sellId: String(sell.id),
        gap: fixed(d.gapSeconds, 0),
        gain: fixed(d.clientGain),
      });
    }
    case 'system_down':
      return t('alerts.line.system_down', {
        condition: systemSubject(d, t),
        detail: String(d.detail || '-').slice(0, 200),
        since: formatDateTime(new Date(String(d.since)), timeZone),
      });
    case 'system_recovered':
      return t('alerts.line.system_recovered', { condition: systemSubject(d, t), duration: formatDuration(Number(d.durationSeconds) * 1000, locale) });
  }
}

/** `recorded: false` (the /alerts test preview): nothing is in /alerts history to point at. */
export function digestMarkdown(alerts: readonly StoredAlert[], t: Translate, locale: Locale, timeZone: string, options: { recorded?: boolean } = {}): ReplyPart {
  const digest = buildDigest(alerts, MAX_DIGEST_LINES);
  const lines = [t('alerts.digest.heading', { count: alerts.length }), ''];
  for (const alert of digest.shown) lines.push(`- ${alertLine(alert, t, locale, timeZone)}`);
  if (digest.hiddenCount > 0) {
    const types = Object.entries(digest.hidden)
      .map(([type, count]) => `${t(`alerts.type.${type}`)} ${count}`)
      .join('、');
    // Enough rows of /alerts history to list this whole digest (the command shows at most 200).
    const more = options.recorded === false ? 'alerts.digest.moreUnrecorded' : 'alerts.digest.more';
    lines.push('', t(more, { count: digest.hiddenCount, types, n: Math.min(HISTORY_MAX_ROWS, alerts.length) }));
  }
  return markdown(t('alerts.digest.title', { count: alerts.length }), lines.join('\n'));
}

/** The alert the chart is about: the most severe anomaly of the digest, if any. */
export function chartSubject(alerts: readonly StoredAlert[]): StoredAlert | undefined {
  return buildDigest(alerts, alerts.length).shown.find((alert) => alert.type === 'pnl' || alert.type === 'lag');
}
