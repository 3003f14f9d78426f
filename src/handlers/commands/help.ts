import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { markdownTable } from '../../bot/format.js';
import { markdown } from '../../bot/reply.js';
import { commandUsage } from '../../bot/usage.js';
import { mayRun } from '../../domain/roles.js';

export const command = defineCommand({
  name: 'help',
  aliases: ['帮助'],
  minRole: 'anyone',
  summaryKey: 'help.summary',
  usage: '/help [command]',
  examples: ['/help', '/help pnl'],
  positional: ['command'],
  args: z.object({ command: z.string().optional() }).strict(),
  async run(ctx, args) {
    const { registry } = ctx.services;
    const allowed = registry.commands.filter((c) => mayRun(ctx.user.role, c.minRole));
    const wanted = args.command?.replace(/^[/／]/, '');
    if (wanted) {
      const found = registry.find(wanted);
      if (!found || !allowed.includes(found)) return markdown('help', ctx.t('help.notAllowed', { name: wanted.slice(0, 40) }));
      const lines = [
        `### /${found.name}`,
        ctx.t(found.summaryKey),
        '',
        commandUsage(found, ctx.t).replace(/\n/g, '  \n'),
        '',
        `${ctx.t('help.aliases')}: ${found.aliases.map((a) => `/${a}`).join(' ') || '-'}  \n${ctx.t('help.role')}: ${ctx.t(`role.${found.minRole}`)}`,
      ];
      if (found.detailKey) lines.push('', ctx.t(found.detailKey));
      return markdown(`/${found.name}`, lines.join('\n'));
    }
    const rows = allowed.map((c) => [`/${c.name}`, c.aliases.map((a) => `/${a}`).join(' '), ctx.t(c.summaryKey)]);
    const table = markdownTable([ctx.t('help.command'), ctx.t('help.aliases'), ctx.t('help.description')], rows);
    const footer = ctx.t('help.footer', { role: ctx.t(`role.${ctx.user.role ?? 'anyone'}`) });
    return markdown(ctx.t('help.title'), `### ${ctx.t('help.title')}\n\n${table}\n\n${footer}`);
  },
});
