// A whole bot on a test database filled with seeded demo OTC data, for /pnl, /factors, /order, /unmatched.
import { seedDemoData } from '../../src/adapters/db/match-demo-repository.js';
import type { ReplyPart } from '../../src/bot/reply.js';
import { fixedClock } from '../../src/domain/clock.js';
import { startTestApp, type TestApp } from './test-app.js';

export const FIXTURE_NOW = '2026-11-25T06:00:00Z';

export async function startPnlApp(seed = 11, locks = 3000): Promise<TestApp> {
  const app = await startTestApp({ clock: fixedClock(FIXTURE_NOW) });
  await seedDemoData(app.database.pool, app.database.pool, { locks, seed, days: 40, endMs: Date.parse('2026-11-25T05:00:00Z') });
  return app;
}

export function markdownOf(parts: ReplyPart[]): string {
  const part = parts.find((p) => p.kind === 'markdown');
  if (!part || part.kind !== 'markdown') throw new Error(`no markdown part in ${JSON.stringify(parts.map((p) => p.kind))}`);
  return part.markdown;
}

export function textOf(parts: ReplyPart[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'markdown' ? p.markdown : '')).join('\n');
}

/** Cells of the table rows whose first cells equal `first` (e.g. ['BTC', 'USDT']). */
export function tableRow(markdown: string, ...first: string[]): string[] | undefined {
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.slice(1, -1).split('|').map((c) => c.trim());
    if (first.every((value, i) => cells[i] === value)) return cells;
  }
  return undefined;
}

/** PNG signature and IHDR size. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export const money2 = (value: number) => value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * P&L recomputed from the source tables for the stored pairs, independently of the stored pnl column:
 * pnl = s * (lock price - hedge price) * min(amounts) - fee.
 */
export const INDEPENDENT_PAIRS = `
  SELECT l.id, l.base_coin, l.quote_coin, l.client_id, h.method, h.exchange, l.locked_at,
         l.price * l.base_amount AS notional,
         (CASE l.side WHEN 'buy' THEN 1 ELSE -1 END) * (l.price - h.avg_price) * least(l.base_amount, h.base_amount) - h.fee AS pnl,
         extract(epoch FROM h.created_at - l.locked_at)::float8 AS lag
    FROM otc_bot.matches m JOIN otc_lock_orders l ON l.id = m.lock_id JOIN otc_hedge_orders h ON h.id = m.hedge_id`;
