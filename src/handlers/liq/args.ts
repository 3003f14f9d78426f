// /liq arguments as people type them: fractions or percentages (ltv=0.65, ltv=65%, ltv=65),
// durations (7d, 1h30m), amounts (1000000, 1m, 500k). Checks of one value live here; rules
// across values (liq above ltv…) in src/domain/liquidation/validate.ts.
import { z } from 'zod';
import { parseDuration } from '../../domain/duration.js';
import { STRESS_SCENARIOS } from '../../domain/liquidation/stress.js';

function fraction(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return Number.NaN;
  return percent || value > 1 ? value / 100 : value;
}

/** Volatility may exceed 100 %: only a % sign makes it a percentage (vol=0.8, vol=80%, vol=1.2). */
function volatility(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const trimmed = text.trim();
  const value = Number(trimmed.endsWith('%') ? trimmed.slice(0, -1) : trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return Number.NaN;
  return trimmed.endsWith('%') ? value / 100 : value;
}

function amount(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const match = /^([\d.,_]+(?:e\d+)?)([kmb]?)$/i.exec(text.trim());
  if (!match) return Number.NaN;
  const scale = { '': 1, k: 1e3, m: 1e6, b: 1e9 }[match[2].toLowerCase()] ?? 1;
  return Number(match[1].replace(/[,_]/g, '')) * scale;
}

function duration(text: unknown): unknown {
  return typeof text === 'string' ? (parseDuration(text) ?? Number.NaN) : text;
}

const share = (min: number, max: number) => z.preprocess(fraction, z.number().min(min).max(max));
const count = (min: number, max: number) => z.preprocess(amount, z.number().int().min(min).max(max));

export const liqArgs = z
  .object({
    coin: z.string().regex(/^[A-Za-z0-9]{2,12}(\/[A-Za-z0-9]{2,8})?$/, 'liq.error.coin'),
    ltv: share(0.01, 0.99).optional(),
    call: share(0.01, 0.99).optional(),
    liq: share(0.01, 0.999).optional(),
    horizon: z.preprocess(duration, z.number().min(3_600_000, 'liq.error.horizonRange').max(90 * 86_400_000, 'liq.error.horizonRange')).optional(),
    paths: count(100, 5_000_000).optional(),
    model: z.enum(['bootstrap', 'gbm', 'jump']).default('bootstrap'),
    vol: z.preprocess(volatility, z.number().gt(0).max(10)).optional(),
    delay: z.preprocess(duration, z.number().min(0).max(86_400_000, 'liq.error.delayRange')).optional(),
    positions: count(1, 500).default(1),
    stress: z.enum(STRESS_SCENARIOS.map((s) => s.name) as [string, ...string[]]).optional(),
    seed: count(0, 2 ** 32 - 1).default(1),
    venue: z.string().regex(/^[a-z0-9]{2,20}$/).optional(),
    notional: z.preprocess(amount, z.number().gt(0).max(1e11)).optional(),
    slippage: share(0, 0.5).optional(),
    target: share(0, 0.5).default(0.001),
  })
  .strict();

export type LiqArgs = z.output<typeof liqArgs>;
