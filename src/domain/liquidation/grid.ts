// The time grid of a run: the finest candle step that keeps a path at most MAX_STEPS long, so a
// 1-day horizon runs on 1-minute steps and 7 days on 5-minute steps. The Brownian bridge keeps
// coarse steps honest about touches between two points.
export const MAX_STEPS = 2880;

export const TIMEFRAMES: readonly { timeframe: string; ms: number }[] = [
  { timeframe: '1m', ms: 60_000 },
  { timeframe: '5m', ms: 300_000 },
  { timeframe: '15m', ms: 900_000 },
  { timeframe: '1h', ms: 3_600_000 },
  { timeframe: '4h', ms: 14_400_000 },
  { timeframe: '1d', ms: 86_400_000 },
];

export function gridFor(horizonMs: number): { timeframe: string; stepMs: number; steps: number } {
  const choice = TIMEFRAMES.find((t) => horizonMs / t.ms <= MAX_STEPS) ?? TIMEFRAMES[TIMEFRAMES.length - 1];
  return { timeframe: choice.timeframe, stepMs: choice.ms, steps: Math.max(1, Math.round(horizonMs / choice.ms)) };
}
