// /liq figures: simulated path-steps per second on the worker pool (target ≥ 100 M/s on two cores)
// and the wall time of `/liq BTC paths=100000 horizon=1d` (1-minute steps, charts included;
// target < 3 s). The command runs on an embedded database whose candle cache is filled first, so
// no exchange is asked.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../adapters/logger.js';
import { createCandleCache } from '../adapters/market/candles-cache.js';
import { loadConfig } from '../config.js';
import { sweepLines } from '../domain/liquidation/barriers.js';
import { syntheticCandles } from '../domain/liquidation/synthetic-candles.js';
import type { SimulationSpec } from '../domain/liquidation/types.js';
import { createSimulationRunner } from '../handlers/liq/pool.js';
import { startBot } from '../main.js';
import type { Benchmark } from './index.js';

const MINUTE_YEARS = 1 / (365 * 24 * 60);

function gbmDay(paths: number): SimulationSpec {
  const { lines, mainLine } = sweepLines(0.65, 0.9);
  return {
    seed: 1,
    paths,
    steps: 1440,
    stepYears: MINUTE_YEARS,
    model: { kind: 'gbm', sigma: 0.8 },
    bridgeVariance: 0.64 * MINUTE_YEARS,
    stressDrift: 0,
    stressSteps: 0,
    delayYears: MINUTE_YEARS,
    impact: { kind: 'sqrt', coefficient: 1, dailyVolatility: 0.042, dailyVolume: 3e8 },
    book: { notional: Float64Array.of(1e6), ltv: Float64Array.of(0.65) },
    callLine: 0.8,
    lines,
    mainLine,
    samplePaths: 1024,
    samplePoints: 241,
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'liq-kernel',
    async run() {
      const figures: Record<string, unknown>[] = [];
      for (const threads of [1, 2]) {
        const runner = createSimulationRunner({ threads });
        try {
          await runner.run(gbmDay(20_000)); // warm-up: worker start, tsx, JIT
          const spec = gbmDay(100_000);
          let best = Number.POSITIVE_INFINITY;
          for (let i = 0; i < 3; i++) {
            const started = performance.now();
            await runner.run(spec);
            best = Math.min(best, performance.now() - started);
          }
          const perSecond = (spec.paths * spec.steps) / (best / 1000);
          figures.push({ figure: 'liq_path_steps_per_second', value: Math.round(perSecond), threads, note: 'gbm, 1m steps × 1 day, 100k paths, 35-line sweep, best of 3' });
        } finally {
          await runner.close();
        }
      }
      return figures;
    },
  },
  {
    name: 'liq-command',
    async run() {
      const dataDir = await mkdtemp(join(tmpdir(), 'otc-bot-liq-bench-'));
      const config = loadConfig({ DATA_DIR: dataDir, HTTP_PORT: '0', LOG_LEVEL: 'silent', CONSOLE: 'off', ADMIN_STAFF_IDS: 'bench', EXCHANGE_API_OVERRIDES: 'htx=http://127.0.0.1:9' });
      const app = await startBot(config, { listen: false, logger: createLogger('silent') });
      try {
        const now = new Date();
        const series = { venue: 'htx', symbol: 'BTC/USDT', timeframe: '1m' };
        await createCandleCache(app.services.db).store(series, syntheticCandles('BTC', 60_000, 2000, now.getTime()), now);
        const ask = async () => {
          const started = performance.now();
          const parts = await app.router.handle({ text: '/liq BTC paths=100000 horizon=1d', staffId: 'bench', nick: 'bench', conversation: { id: 'bench', type: 'single' } });
          if (parts.filter((p) => p.kind === 'image').length !== 3) throw new Error(`unexpected reply: ${JSON.stringify(parts).slice(0, 300)}`);
          return performance.now() - started;
        };
        const cold = await ask();
        const warm = [await ask(), await ask()].sort((a, b) => a - b)[0];
        return [
          { figure: 'liq_command_wall_ms', value: Math.round(warm), cold_ms: Math.round(cold), note: '/liq BTC paths=100000 horizon=1d: bootstrap, 1m × 1440 steps, 3 charts; cold includes worker start' },
        ];
      } finally {
        await app.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  },
];
