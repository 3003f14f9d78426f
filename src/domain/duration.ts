// Durations as people type them in chat: 30s, 10m, 1h30m, 7d, 2w. Pure.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(amount) * UNIT_MS[unit];
  return Math.round(total);
}

/** The shortest exact spelling: 600000 → "10m", 5400000 → "1h30m". */
export function formatDurationShort(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('');
}
