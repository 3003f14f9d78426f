// Shared by /pnl, /factors, /order and /unmatched: fresh matches, periods and filters checked with
// answers that say what exists, and money shown with fixed decimals per quote coin.
import type { CommandContext } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { formatDateTime } from '../../bot/format.js';
import { createMatchSourceRepository, SourceTableError } from '../../adapters/db/match-source-repository.js';
import { createPnlRepository, type PnlFilters } from '../../adapters/db/pnl-repository.js';
import { type Period, PERIOD_EXAMPLES, PeriodError, parsePeriod } from '../../domain/periods.js';
import { syncMatches } from '../jobs/match-sync.js';

// A trader asking several questions in a row should not pay for a sync each time: within this
// many ms of the last sync (in this process) only the source relations are checked.
const FRESH_FOR_MS = 5000;
const lastSync = new WeakMap<object, number>();

/** Brings otc_bot.matches up to date (cheap when nothing arrived) so answers include the latest orders. */
export async function freshMatches(ctx: CommandContext, options: { force?: boolean } = {}): Promise<void> {
  try {
    const last = lastSync.get(ctx.services);
    if (!options.force && last !== undefined && performance.now() - last < FRESH_FOR_MS) {
      await createMatchSourceRepository(ctx.services.sourceDb).checkTables();
      return;
    }
    await syncMatches(ctx.services);
    lastSync.set(ctx.services, performance.now());
  } catch (error) {
    if (error instanceof SourceTableError) {
      throw new UserError(error.column ? 'pnl.sourceColumnMissing' : 'pnl.sourceMissing', { relation: error.relation, column: error.column ?? '' }, { showUsage: false });
    }
    throw error;
  }
}

export function periodOf(ctx: CommandContext, input: string): Period {
  try {
    return parsePeriod(input, ctx.clock, ctx.services.config.timeZone);
  } catch (error) {
    if (error instanceof PeriodError) throw new UserError(`pnl.period.${error.reason}`, { input: input.slice(0, 40), examples: PERIOD_EXAMPLES.join(', ') });
    throw error;
  }
}

/** "2026-11-19 ~ 2026-11-25" in the desk's zone (the end is exclusive, so show the last instant's day). */
export function periodText(ctx: CommandContext, period: Period): string {
  const zone = ctx.services.config.timeZone;
  const last = new Date(Math.max(period.from.getTime(), period.to.getTime() - 1));
  return `${formatDateTime(period.from, zone).slice(0, 10)} ~ ${formatDateTime(last, zone).slice(0, 10)}`;
}

/** Normalises filters and rejects values the data has never seen, listing what exists. */
export async function checkedFilters(ctx: CommandContext, raw: PnlFilters): Promise<PnlFilters> {
  const repo = createPnlRepository(ctx.services.db);
  const filters: PnlFilters = { coin: raw.coin?.toUpperCase(), client: raw.client, method: raw.method?.toLowerCase() };
  if (filters.coin && !(await repo.hasCoin(filters.coin))) {
    throw new UserError('pnl.unknownCoin', { coin: filters.coin.slice(0, 20), known: (await repo.known('coin')).join(', ') || '-' }, { showUsage: false });
  }
  if (filters.client && !(await repo.hasClient(filters.client))) {
    throw new UserError('pnl.unknownClient', { client: filters.client.slice(0, 40), known: (await repo.known('client', 8)).join(', ') || '-' }, { showUsage: false });
  }
  if (filters.method && !(await repo.hasMethod(filters.method))) {
    throw new UserError('pnl.unknownMethod', { method: filters.method.slice(0, 20), known: (await repo.known('method')).join(', ') || '-' }, { showUsage: false });
  }
  return filters;
}

/** No matched orders in the period: say which period holds data instead. */
export async function emptyPeriodError(ctx: CommandContext, period: Period): Promise<UserError> {
  const range = await createPnlRepository(ctx.services.db).dataRange();
  const zone = ctx.services.config.timeZone;
  if (!range) return new UserError('pnl.noData', {}, { showUsage: false });
  return new UserError(
    'pnl.emptyPeriod',
    { period: periodText(ctx, period), first: formatDateTime(range.first, zone).slice(0, 10), last: formatDateTime(range.last, zone).slice(0, 10) },
    { showUsage: false },
  );
}

/** A period reaching before the first matched order: say where the data starts (null when it does not). */
export async function coverageNote(ctx: CommandContext, period: Period): Promise<string | null> {
  const range = await createPnlRepository(ctx.services.db).dataRange();
  if (!range || range.first.getTime() <= period.from.getTime()) return null;
  return ctx.t('pnl.dataStarts', { first: formatDateTime(range.first, ctx.services.config.timeZone).slice(0, 10) });
}

const MONEY_DECIMALS: Record<string, number> = { USDT: 2, USDC: 2, USD: 2, FDUSD: 2, DAI: 2, BTC: 6, ETH: 5 };
export const moneyDecimals = (quoteCoin: string) => MONEY_DECIMALS[quoteCoin] ?? 4;

/** Fixed decimals per quote coin with thousands separators: 12,345.67. */
export function money(value: string | number, quoteCoin: string): string {
  const decimals = moneyDecimals(quoteCoin);
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export const bps = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(1));
export const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
