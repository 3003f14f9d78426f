// What /status and /readyz report about the running process, updated by the transports and jobs.
import type { ExchangeHealth } from '../domain/exchange-health.js';

export interface RuntimeStatus {
  startedAt: Date;
  mode: 'console' | 'dingtalk';
  databaseMode: 'embedded' | 'server';
  /** Null in console mode. */
  stream: { connected: boolean; since: Date | null; reconnects: number } | null;
  /** Filled by the alert cycle once it exists. */
  lastAlertCycle: { at: Date; durationMs: number; ok: boolean } | null;
  /** Periodic memory samples for the /status chart. */
  memorySamples: { at: Date; rssMb: number; heapMb: number }[];
  /** Per venue, how this process's market calls went (filled by the market adapters; see exchange-health.ts). */
  exchangeHealth: ExchangeHealth;
}

export function createRuntimeStatus(
  init: Pick<RuntimeStatus, 'mode' | 'databaseMode'> & { startedAt: Date },
): RuntimeStatus {
  return {
    ...init,
    stream: init.mode === 'dingtalk' ? { connected: false, since: null, reconnects: 0 } : null,
    lastAlertCycle: null,
    memorySamples: [],
    exchangeHealth: new Map(),
  };
}

const MAX_SAMPLES = 360;

export function sampleMemory(status: RuntimeStatus, at: Date): void {
  const usage = process.memoryUsage();
  status.memorySamples.push({ at, rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20 });
  if (status.memorySamples.length > MAX_SAMPLES) status.memorySamples.shift();
}
