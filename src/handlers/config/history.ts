// /config history KEY: who changed one setting, from what to what, when (read from the audit log).
import type { CommandContext } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { formatDateTime, markdownTable } from '../../bot/format.js';
import { markdown, type ReplyPart, text } from '../../bot/reply.js';
import { auditActor } from './audit-format.js';
import { findSetting, showValue, unknownKeyMessage } from './keys.js';

const HISTORY_ROWS = 20;

export async function settingHistory(ctx: CommandContext, key: string | undefined): Promise<ReplyPart> {
  if (!key) throw new UserError('config.needKey', { action: 'history' });
  const definition = findSetting(key);
  if (!definition) throw new UserError('core.badArguments', { problems: unknownKeyMessage(ctx.t, key) }, { showUsage: false });
  const { settings, config } = ctx.services;
  const rows = await settings.history(definition.key, HISTORY_ROWS);
  if (rows.length === 0) {
    const current = (await settings.snapshot()).entries.get(definition.key);
    return text(ctx.t('config.historyEmpty', { key: definition.key, value: showValue(definition, current?.value) }));
  }
  const table = markdownTable(
    ctx.t('config.historyColumns').split('|'),
    rows.map((row) => [
      formatDateTime(row.at, config.timeZone),
      auditActor(row),
      ctx.t(row.action === 'setting.reset' ? 'config.actionReset' : 'config.actionSet'),
      showValue(definition, row.before),
      showValue(definition, row.after),
    ]),
  );
  const title = ctx.t('config.historyTitle', { key: definition.key });
  return markdown(title, `### ${title}\n\n${ctx.t(definition.descriptionKey)}\n\n${table}`);
}
