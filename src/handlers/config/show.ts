// /config show [prefix]: value, default, where it came from, and what it means.
import type { CommandContext } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { formatDateTime, markdownTable } from '../../bot/format.js';
import { markdown, type ReplyPart } from '../../bot/reply.js';
import type { SettingEntry } from '../../adapters/db/settings-repository.js';
import { type SettingDefinition, settingsWithPrefix } from '../../domain/settings.js';
import { describeAllowed, showValue } from './keys.js';

export async function showSettings(ctx: CommandContext, prefix = ''): Promise<ReplyPart> {
  const definitions = settingsWithPrefix(prefix);
  if (definitions.length === 0) throw new UserError('config.noMatch', { prefix: prefix.slice(0, 40) }, { showUsage: false });
  const snapshot = await ctx.services.settings.snapshot();
  const rows = definitions.map((definition) => {
    const entry = snapshot.entries.get(definition.key) as SettingEntry;
    return [
      definition.key,
      showValue(definition, entry.value),
      showValue(definition, entry.defaultValue),
      source(ctx, definition, entry),
      description(ctx, definition),
    ];
  });
  const title = prefix ? ctx.t('config.showTitlePrefix', { prefix }) : ctx.t('config.showTitle');
  const table = markdownTable(ctx.t('config.showColumns').split('|'), rows);
  return markdown(title, `### ${title}\n\n${table}\n\n${ctx.t('config.showFooter')}`);
}

function source(ctx: CommandContext, definition: SettingDefinition, entry: SettingEntry): string {
  if (entry.source === 'database') {
    const at = entry.updatedAt ? formatDateTime(entry.updatedAt, ctx.services.config.timeZone).slice(0, 16) : '-';
    return ctx.t('config.sourceDatabase', { who: entry.updatedBy ?? '-', at });
  }
  return definition.envVariable ? ctx.t('config.sourceEnv', { name: definition.envVariable }) : ctx.t('config.sourceDefault');
}

function description(ctx: CommandContext, definition: SettingDefinition): string {
  const allowed = describeAllowed(ctx.t, definition);
  const description = ctx.t(definition.descriptionKey);
  const line = allowed ? ctx.t('config.describe', { description, allowed }) : description;
  return definition.live ? line : `${line} [${ctx.t('config.restartNeeded')}]`;
}
