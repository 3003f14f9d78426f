import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { formatDateTime, formatDuration, markdownTable } from '../../bot/format.js';
import { image, markdown } from '../../bot/reply.js';
import { sampleMemory } from '../../bot/runtime-status.js';

export const command = defineCommand({
  name: 'status',
  aliases: ['状态'],
  minRole: 'anyone',
  summaryKey: 'status.summary',
  usage: '/status',
  examples: ['/status'],
  args: z.object({}).strict(),
  async run(ctx) {
    const { runtime, config, db, clock } = ctx.services;
    const now = clock.now();
    const t = ctx.t;
    const started = performance.now();
    const database = await db
      .query('SELECT 1')
      .then(() => t('status.databaseOk', { mode: t(`status.${runtime.databaseMode}`), ms: (performance.now() - started).toFixed(1) }))
      .catch((error: Error) => t('status.databaseDown', { reason: error.message }));
    sampleMemory(runtime, now);
    const latest = runtime.memorySamples[runtime.memorySamples.length - 1];
    const rows: string[][] = [
      [t('status.uptime'), formatDuration(now.getTime() - runtime.startedAt.getTime(), ctx.locale)],
      [t('status.mode'), t(runtime.mode === 'console' ? 'status.modeConsole' : 'status.modeDingtalk')],
      [t('status.database'), database],
      [t('status.memory'), `${latest.rssMb.toFixed(0)} MB`],
      [t('status.exchanges'), config.exchanges.join(', ')],
      [
        t('status.lastCycle'),
        runtime.lastAlertCycle
          ? `${formatDateTime(runtime.lastAlertCycle.at, config.timeZone)} (${runtime.lastAlertCycle.durationMs} ms)`
          : t('status.never'),
      ],
    ];
    // Per venue, how this process's market calls went (only venues called since start).
    const at = (date: Date) => formatDateTime(date, config.timeZone);
    const venues = [...runtime.exchangeHealth].sort(([a], [b]) => a.localeCompare(b));
    rows.splice(
      rows.findIndex(([item]) => item === t('status.exchanges')) + 1,
      0,
      ...venues.map(([venue, health]) => [
        t('status.venue', { venue }),
        health.failingSince && health.lastFailureAt
          ? t(health.lastSuccessAt ? 'status.venueFailingAfterOk' : 'status.venueFailing', {
              failures: health.failures,
              since: at(health.failingSince),
              last: at(health.lastFailureAt),
              ok: health.lastSuccessAt ? at(health.lastSuccessAt) : '',
              reason: health.lastReason ?? '-',
            })
          : t('status.venueOk', { at: health.lastSuccessAt ? at(health.lastSuccessAt) : '-' }),
      ]),
    );
    if (runtime.stream) {
      const state = runtime.stream.connected ? t('status.connected') : t('status.disconnected');
      rows.splice(2, 0, [t('status.stream'), `${state} (reconnects: ${runtime.stream.reconnects})`]);
    }
    const samples = runtime.memorySamples;
    const chart = await ctx.services.charts.line({
      title: t('status.chartTitle'),
      labels: samples.map((s) => formatDateTime(s.at, config.timeZone).slice(11, 16)),
      series: [
        { label: t('status.rss'), values: samples.map((s) => Number(s.rssMb.toFixed(1))) },
        { label: t('status.heap'), values: samples.map((s) => Number(s.heapMb.toFixed(1))) },
      ],
      yLabel: 'MB',
    });
    return [markdown(t('status.title'), `### ${t('status.title')}\n\n${markdownTable([t('status.item'), t('status.value')], rows)}`), image(t('status.chartTitle'), chart)];
  },
});
