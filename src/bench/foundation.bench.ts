// Foundation figures: start-up time to ready, idle memory, time to render one chart.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChartRenderer } from '../adapters/charts/render.js';
import type { Benchmark } from './index.js';

export const benchmarks: Benchmark[] = [
  {
    name: 'startup',
    async run() {
      const dataDir = await mkdtemp(join(tmpdir(), 'otc-bot-bench-'));
      try {
        const first = await measureStart(dataDir);
        const restart = await measureStart(dataDir);
        return [
          { figure: 'startup_to_ready_ms', value: first.readyMs, note: 'first start: fresh embedded database, migrations, demo data' },
          { figure: 'idle_rss_mb', value: first.rssMb, note: 'first start, 3 s after ready' },
          { figure: 'restart_to_ready_ms', value: restart.readyMs, note: 'existing embedded database' },
          { figure: 'restart_idle_rss_mb', value: restart.rssMb },
        ];
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'chart-render',
    async run() {
      const charts = createChartRenderer();
      const labels = Array.from({ length: 30 }, (_, i) => `11-${String(i + 1).padStart(2, '0')}`);
      const values = labels.map((_, i) => Math.sin(i / 3) * 1000);
      const render = () =>
        charts.barWithLine({ title: '每日盈亏与累计', labels, bars: { label: '盈亏', values }, line: { label: '累计', values: values.map((_, i) => values.slice(0, i + 1).reduce((a, b) => a + b, 0)) } });
      await render(); // warm-up: font loading and chart.js registration
      const times: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = performance.now();
        await render();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return [{ figure: 'chart_render_ms_p50', value: Number(times[10].toFixed(1)), p95: Number(times[18].toFixed(1)), size: '900x480' }];
    },
  },
];

/** Starts `otc-bot start` in console mode on an embedded database; time to /readyz 200 and RSS when idle. */
async function measureStart(dataDir: string): Promise<{ readyMs: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    env: { ...process.env, DATA_DIR: dataDir, HTTP_PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: '', DINGTALK_CLIENT_ID: '', DINGTALK_CLIENT_SECRET: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/\S+)\/console/.exec(output);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`bot exited with ${code} before printing its URL`)));
    });
    const ready = await fetch(`${baseUrl}/readyz`);
    const readyMs = Math.round(performance.now() - started);
    if (!ready.ok) throw new Error(`readyz answered ${ready.status}`);
    await new Promise((done) => setTimeout(done, 3000));
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    const rss = Number(/^process_resident_memory_bytes (\S+)/m.exec(metrics)?.[1] ?? Number.NaN);
    return { readyMs, rssMb: Math.round(rss / 2 ** 20) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  }
}
