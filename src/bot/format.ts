// Formatting shared by replies: markdown tables, durations, times in the configured zone.
import type { Locale } from '../config.js';

/** A markdown table; pipes and newlines inside cells are escaped so a row stays one line. */
export function markdownTable(headers: string[], rows: (string | number)[][], align: ('l' | 'r')[] = []): string {
  const cell = (value: string | number) => String(value).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const separator = headers.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [headers, separator, ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

export function formatDuration(ms: number, locale: Locale): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const units: [number, string, string][] = [
    [86_400, '天', 'd'],
    [3_600, '小时', 'h'],
    [60, '分', 'm'],
    [1, '秒', 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, zh, en] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || (size === 1 && parts.length === 0)) parts.push(`${count}${locale === 'en' ? en : zh}`);
    if (parts.length === 2) break;
  }
  return parts.join(locale === 'en' ? ' ' : '');
}

/** `2026-11-25 20:48:30` in the given zone (what traders in Shanghai read on their clocks). */
export function formatDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}
