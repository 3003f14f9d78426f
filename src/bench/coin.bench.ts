// /coin BTC across four venues on the fake exchanges (each in its venue's REST format) with 100 ms
// added to every request, through the router, real ccxt and the chart renderer: the wall time a
// trader waits. Cold = first query (ccxt instances, market lists); warm = market lists cached.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeExchange, type FakeVenue, startFakeExchange } from '../../test/support/fake-exchange/index.js';
import { seedRealisticMarket } from '../../test/support/fake-exchange/realistic.js';
import { createLogger } from '../adapters/logger.js';
import { loadConfig } from '../config.js';
import { startBot } from '../main.js';
import type { Benchmark } from './index.js';

const VENUES: FakeVenue[] = ['htx', 'binance', 'okx', 'bybit'];
const LATENCY_MS = 100;
const WARM_RUNS = 5;

async function startFakes(): Promise<FakeExchange[]> {
  const fakes = await Promise.all(VENUES.map((venue) => startFakeExchange({ venue, latencyMs: LATENCY_MS })));
  fakes.forEach((fake, i) => {
    for (const market of ['spot', 'perp'] as const) {
      const contractSize = fake.venue === 'okx' && market === 'perp' ? 0.01 : fake.venue === 'htx' && market === 'perp' ? 0.001 : 1;
      seedRealisticMarket(fake, { symbol: 'BTC/USDT', market, mid: 100_000 + i * 7 + (market === 'perp' ? 15 : 0), contractSize, seed: 10 * i + (market === 'perp' ? 2 : 1) });
    }
  });
  return fakes;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'coin',
    async run() {
      const dataDir = await mkdtemp(join(tmpdir(), 'otc-bot-bench-coin-'));
      const fakes = await startFakes();
      const overrides = fakes.map((fake) => `${fake.venue}=${fake.url}`).join(',');
      const app = await startBot(
        loadConfig({ DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', HTTP_PORT: '0', EXCHANGES: VENUES.join(','), EXCHANGE_API_OVERRIDES: overrides }),
        { listen: false, jobs: false, logger: createLogger('warn') },
      );
      const ask = async () => {
        const started = performance.now();
        const parts = await app.router.handle({ text: '/coin BTC', staffId: 'console-admin', nick: 'bench', conversation: { id: 'bench', type: 'group' } });
        const ms = performance.now() - started;
        const summary = parts.find((part) => part.kind === 'markdown');
        const rows = summary?.kind === 'markdown' ? summary.markdown.split('\n').filter((line) => /^\| \w+ (现货|永续) \|/.test(line)).length : 0;
        if (rows !== VENUES.length * 2) throw new Error(`expected ${VENUES.length * 2} venue × market rows, got ${rows}`);
        return ms;
      };
      try {
        const cold = await ask();
        const warm: number[] = [];
        for (let i = 0; i < WARM_RUNS; i += 1) {
          await new Promise((done) => setTimeout(done, 1000)); // a trader's pace: rate limiters refill
          warm.push(await ask());
        }
        warm.sort((a, b) => a - b);
        const requests = fakes.reduce((sum, fake) => sum + fake.requests.length, 0);
        return [
          { figure: 'coin_btc_4_venues_cold_ms', value: Math.round(cold), note: `${VENUES.join(',')}, spot + perp, ${LATENCY_MS} ms per request, markets loaded` },
          { figure: 'coin_btc_4_venues_warm_ms', p50: Math.round(warm[Math.floor(WARM_RUNS / 2)]), max: Math.round(warm[WARM_RUNS - 1]), n: WARM_RUNS, target: 1500 },
          { figure: 'coin_requests_per_query', value: Math.round(requests / (WARM_RUNS + 1)) },
        ];
      } finally {
        await app.stop();
        await Promise.all(fakes.map((fake) => fake.close()));
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  },
];
