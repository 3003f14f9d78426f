import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { text } from '../../bot/reply.js';
import { formatDurationShort, parseDuration } from '../../domain/duration.js';
import { alertHistory } from '../alerts/history-view.js';
import { previewAlerts } from '../alerts/preview.js';
import { mute, unmute } from '../alerts/silence-commands.js';
import { alertStatus } from '../alerts/status-view.js';
import { runAlertCycle } from '../jobs/alert-cycle.js';

export const command = defineCommand({
  name: 'alerts',
  aliases: ['告警'],
  minRole: 'risk',
  summaryKey: 'alerts.summary',
  detailKey: 'alerts.detail',
  usage: '/alerts [status | history [n] | mute RULE|KEY|coin=X|client=Y DURATION REASON | unmute ID | test [WINDOW]]',
  examples: ['/alerts', '/alerts history 50', '/alerts mute lag 2h 交易所维护', '/alerts mute coin=DOGE 1d 流动性差，已知', '/alerts unmute 3', '/alerts test', '/alerts test 7d'],
  positional: ['action', 'words'],
  restPositional: true,
  progressKey: 'core.working',
  args: z
    .object({
      action: z.enum(['status', 'history', 'mute', 'unmute', 'test']).default('status'),
      words: z.array(z.string()).default([]),
      coin: z.string().min(1).max(20).optional(),
      client: z.string().min(1).max(80).optional(),
    })
    .strict(),
  async run(ctx, args) {
    switch (args.action) {
      case 'status':
        return alertStatus(ctx);
      case 'history': {
        const n = Number(args.words[0] ?? 20);
        return alertHistory(ctx, Number.isInteger(n) && n > 0 ? Math.min(n, 200) : 20);
      }
      case 'mute':
        return mute(ctx, args.words, { coin: args.coin, client: args.client });
      case 'unmute':
        return unmute(ctx, args.words[0]);
      case 'test': {
        // A real cycle (its digest arrives as a push to every subscribed conversation, as on schedule),
        // then a preview of what the rules see in the recent window, for the asker only.
        const windowMs = parseDuration(args.words[0] ?? '24h');
        if (windowMs === null || windowMs <= 0 || windowMs > 30 * 86_400_000) throw new UserError('alerts.test.badWindow', { value: (args.words[0] ?? '').slice(0, 40) });
        const outcome = await runAlertCycle(ctx.services);
        if (!outcome.ran) return text(ctx.t('alerts.test.busy'));
        const created = Object.values(outcome.created).reduce((sum, n) => sum + (n ?? 0), 0);
        const summary = ctx.t('alerts.test.done', { ms: Math.round(outcome.durationMs), evaluated: outcome.evaluated, created, sent: outcome.delivery.sent, failed: outcome.delivery.failed });
        const preview = await previewAlerts(ctx, windowMs);
        const window = formatDurationShort(windowMs);
        const lines = [summary, outcome.ok ? '' : ctx.t('alerts.test.failed', { error: outcome.error ?? '' }), ctx.t(preview.count > 0 ? 'alerts.test.preview' : 'alerts.test.previewEmpty', { window, count: preview.count })];
        return [text(lines.filter(Boolean).join('\n')), ...(preview.part ? [preview.part] : [])];
      }
    }
  },
});
