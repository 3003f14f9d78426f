// DingTalk figures through the fake platform and the real SDK: ACK latency (receipt to ACK, in the
// bot and as the platform sees it) and command round-trip (message sent → reply at the webhook).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDingTalk } from '../../test/support/fake-dingtalk/fake-dingtalk.js';
import type { ChatEntry } from '../../test/support/fake-dingtalk/state.js';
import { createLogger } from '../adapters/logger.js';
import { loadConfig } from '../config.js';
import { startBot } from '../main.js';
import type { Benchmark } from './index.js';

const SEQUENTIAL = 60;
const BURST = 40;

export const benchmarks: Benchmark[] = [
  {
    name: 'dingtalk-stream',
    async run() {
      const dataDir = await mkdtemp(join(tmpdir(), 'otc-bot-bench-dt-'));
      const fake = await FakeDingTalk.start();
      const botAckMs: number[] = [];
      const app = await startBot(
        loadConfig({ ...fake.env, DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', ADMIN_STAFF_IDS: 'staff-001', HTTP_PORT: '0' }),
        { listen: false, logger: createLogger('warn'), dingtalk: { onAck: (_id, ms) => botAckMs.push(ms) } },
      );
      try {
        await fake.waitFor(() => app.services.runtime.stream?.connected, 10_000, 'stream connected');
        const reply = (conversationId: string) =>
          new Promise<ChatEntry>((resolve) => {
            const listener = (entry: ChatEntry) => {
              if (entry.from !== 'bot' || entry.conversationId !== conversationId) return;
              fake.openapi.events.off('entry', listener);
              resolve(entry);
            };
            fake.openapi.events.on('entry', listener);
          });
        const roundTrip = async (conversationId: string) => {
          const started = performance.now();
          const answered = reply(conversationId);
          fake.say({ text: '/help', conversationId });
          await answered;
          return performance.now() - started;
        };
        for (let i = 0; i < 5; i += 1) await roundTrip(`cid-warm-${i}`);
        botAckMs.length = 0;
        fake.state.acks.length = 0;
        const sequential: number[] = [];
        for (let i = 0; i < SEQUENTIAL; i += 1) sequential.push(await roundTrip(`cid-seq-${i}`));
        const sequentialBotAck = [...botAckMs];
        const sequentialWireAck = fake.state.acks.map((ack) => ack.ackMs);
        botAckMs.length = 0;
        fake.state.acks.length = 0;
        const burstStarted = performance.now();
        const burst = await Promise.all(Array.from({ length: BURST }, (_, i) => roundTrip(`cid-burst-${i}`)));
        const burstMs = performance.now() - burstStarted;
        return [
          { figure: 'ack_latency_ms', p50: pct(sequentialBotAck, 50), p99: pct(sequentialBotAck, 99), n: sequentialBotAck.length, note: 'in the bot: callback received → ACK frame written' },
          { figure: 'ack_wire_latency_ms', p50: pct(sequentialWireAck, 50), p99: pct(sequentialWireAck, 99), n: sequentialWireAck.length, note: 'at the fake platform: frame sent → ACK received' },
          { figure: 'command_round_trip_ms', p50: pct(sequential, 50), p99: pct(sequential, 99), n: SEQUENTIAL, note: '/help one at a time: sent → markdown at the session webhook' },
          { figure: 'burst_ack_latency_ms', p50: pct(botAckMs, 50), p99: pct(botAckMs, 99), n: botAckMs.length, note: `${BURST} messages at once` },
          { figure: 'burst_round_trip_ms', p50: pct(burst, 50), p99: pct(burst, 99), total_ms: Math.round(burstMs), n: BURST },
        ];
      } finally {
        await app.stop();
        await fake.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  },
];

function pct(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const value = sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
  return Number(value.toFixed(value < 10 ? 3 : 1));
}
