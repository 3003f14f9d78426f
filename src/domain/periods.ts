// Report periods as traders type them, in the desk's time zone: today, yesterday, 7d, 30d, mtd,
// ytd, 2026-11-01..2026-11-20 (both days included). "Nd" is N calendar days including today, so
// daily bars are whole days. Pure: the current time comes from a Clock.
import type { Clock } from './clock.js';

export interface Period {
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
  /** What the user typed, normalised (shown in titles). */
  label: string;
}

export class PeriodError extends Error {
  constructor(
    readonly reason: 'malformed' | 'reversed' | 'future',
    readonly input: string,
  ) {
    super(`${reason}: ${input}`);
  }
}

const DAY_MS = 86_400_000;
export const PERIOD_EXAMPLES = ['today', 'yesterday', '7d', '30d', 'mtd', 'ytd', '2026-11-01..2026-11-20'];

/** Offset of `timeZone` from UTC at `at`, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** Local calendar date (y, m 1-12, d) of an instant. */
export function localDate(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const local = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

/** The instant of local midnight starting the given calendar day (day may overflow: Date.UTC normalises). */
export function startOfLocalDay(y: number, m: number, d: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d);
  let at = guess - zoneOffsetMs(new Date(guess), timeZone);
  at = guess - zoneOffsetMs(new Date(at), timeZone); // again, in case a DST change lies in between
  return new Date(at);
}

function parseDay(text: string, timeZone: string, input: string): Date {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!match) throw new PeriodError('malformed', input);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) throw new PeriodError('malformed', input);
  return startOfLocalDay(y, m, d, timeZone);
}

export function parsePeriod(input: string, clock: Clock, timeZone: string): Period {
  const text = input.trim().toLowerCase().replace(/～|~|—|至/g, '..');
  const now = clock.now();
  const today = localDate(now, timeZone);
  const dayStart = (offsetDays: number) => startOfLocalDay(today.y, today.m, today.d + offsetDays, timeZone);
  switch (text) {
    case 'today':
    case '今天':
      return { from: dayStart(0), to: now, label: 'today' };
    case 'yesterday':
    case '昨天':
      return { from: dayStart(-1), to: dayStart(0), label: 'yesterday' };
    case 'mtd':
      return { from: startOfLocalDay(today.y, today.m, 1, timeZone), to: now, label: 'mtd' };
    case 'ytd':
      return { from: startOfLocalDay(today.y, 1, 1, timeZone), to: now, label: 'ytd' };
  }
  const days = /^(\d{1,4})d$/.exec(text);
  if (days) {
    const n = Number(days[1]);
    if (n < 1) throw new PeriodError('malformed', input);
    return { from: dayStart(1 - n), to: now, label: `${n}d` };
  }
  const range = /^(\S+?)\.\.(\S+)$/.exec(text);
  if (range) {
    const from = parseDay(range[1], timeZone, input);
    const lastDay = parseDay(range[2], timeZone, input);
    if (lastDay < from) throw new PeriodError('reversed', input);
    if (from > now) throw new PeriodError('future', input);
    const end = localDate(new Date(lastDay.getTime() + DAY_MS / 2), timeZone);
    return { from, to: startOfLocalDay(end.y, end.m, end.d + 1, timeZone), label: `${range[1]}..${range[2]}` };
  }
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(text)) {
    const from = parseDay(text, timeZone, input);
    const day = localDate(new Date(from.getTime() + DAY_MS / 2), timeZone);
    return { from, to: startOfLocalDay(day.y, day.m, day.d + 1, timeZone), label: text };
  }
  throw new PeriodError('malformed', input);
}
