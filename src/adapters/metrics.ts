// Prometheus metrics (prom-client), one registry per process so tests can build several apps.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  commandFinished(command: string, outcome: string, seconds: number): void;
  alertCycleFinished(seconds: number, ok: boolean): void;
  alertsSent(count: number, outcome: 'sent' | 'failed'): void;
  streamReconnected(): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const commands = new Counter({ name: 'otc_bot_commands_total', help: 'Chat commands by name and outcome', labelNames: ['command', 'outcome'], registers: [registry] });
  const latency = new Histogram({
    name: 'otc_bot_command_duration_seconds',
    help: 'Chat command latency',
    labelNames: ['command'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const cycle = new Histogram({ name: 'otc_bot_alert_cycle_duration_seconds', help: 'Alert cycle duration', labelNames: ['ok'], buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60], registers: [registry] });
  const alerts = new Counter({ name: 'otc_bot_alerts_total', help: 'Alert deliveries by outcome', labelNames: ['outcome'], registers: [registry] });
  const reconnects = new Counter({ name: 'otc_bot_stream_reconnects_total', help: 'DingTalk stream reconnects', registers: [registry] });
  return {
    registry,
    commandFinished(command, outcome, seconds) {
      commands.inc({ command, outcome });
      latency.observe({ command }, seconds);
    },
    alertCycleFinished: (seconds, ok) => cycle.observe({ ok: String(ok) }, seconds),
    alertsSent: (count, outcome) => alerts.inc({ outcome }, count),
    streamReconnected: () => reconnects.inc(),
  };
}
