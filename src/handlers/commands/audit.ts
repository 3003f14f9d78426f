import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { formatDateTime, markdownTable } from '../../bot/format.js';
import { markdown, text } from '../../bot/reply.js';
import { auditAction, auditActor, auditSubject, auditValue } from '../config/audit-format.js';

export const command = defineCommand({
  name: 'audit',
  aliases: ['审计'],
  minRole: 'admin',
  summaryKey: 'audit.summary',
  usage: '/audit [n] [key=PREFIX]',
  examples: ['/audit', '/audit 50', '/audit key=alerts.', '/audit key=user:'],
  positional: ['n'],
  args: z.object({ n: z.coerce.number().int().min(1).max(200).default(20), key: z.string().optional() }).strict(),
  async run(ctx, args) {
    const entries = await ctx.services.audit.recent(args.n, args.key);
    if (entries.length === 0) return text(ctx.t('audit.empty'));
    const rows = entries.map((e) => [
      formatDateTime(e.at, ctx.services.config.timeZone),
      auditActor(e),
      auditAction(ctx.t, e.action),
      auditSubject(ctx.t, e.subject),
      auditValue(ctx.t, e.subject, e.before, ctx.services.config.timeZone),
      auditValue(ctx.t, e.subject, e.after, ctx.services.config.timeZone),
    ]);
    const header = ctx.t('audit.columns').split('|').map((h) => h.trim()).filter(Boolean);
    const title = ctx.t('audit.title', { n: entries.length });
    return markdown(title, `### ${title}\n\n${markdownTable(header, rows)}`);
  },
});
